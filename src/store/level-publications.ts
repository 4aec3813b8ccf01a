import type { Kysely } from 'kysely';

import type { PublishedLevel } from '../core/campaign/level-history.ts';
import { chunks } from './chunk.ts';
import type { Database } from './schema.ts';

/** Which publications to read: all of a rulebook's, or some units' from a date (what a change touched). */
export interface PublicationFilter {
  /** Only publications computed at or before this instant ("as published then"). */
  asOf?: Date;
  /** Only these units; with `from`, only their dates from then on. */
  units?: readonly string[];
  from?: string;
}

/**
 * The levels published under a rulebook, every version, in the order they were appended (the
 * log campaign scoring replays, see `publishedLevelHistory`). Without `units` this reads the
 * whole history; a live change reads only the units and dates it touched.
 */
export async function levelPublications(db: Kysely<Database>, rulebook: string, filter: PublicationFilter = {}): Promise<PublishedLevel[]> {
  // Hundreds of units at once: in slices, within every engine's limit on bound parameters.
  const slices = filter.units ? chunks(filter.units, 500) : [undefined];
  const rows: Array<{ unit_code: string; date: string; level: number; computed_at: string }> = [];
  for (const units of slices) {
    if (units?.length === 0) continue;
    let query = db.selectFrom('assessments').select(['unit_code', 'date', 'level', 'computed_at']).where('rulebook_id', '=', rulebook);
    if (units) query = query.where('unit_code', 'in', units);
    if (filter.from) query = query.where('date', '>=', filter.from);
    if (filter.asOf) query = query.where('computed_at', '<=', filter.asOf.toISOString());
    rows.push(...(await query.orderBy('id').execute()));
  }
  // A unit is in one slice only, so each (unit, date) keeps its versions in log order.
  return rows.map((r) => ({ unit: r.unit_code, date: r.date, level: Number(r.level), publishedAt: r.computed_at }));
}
