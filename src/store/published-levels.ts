import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** One published version of a unit's level on a date, as the assessments table keeps it (append-only). */
export interface PublishedLevelRow {
  unit: string;
  date: string;
  level: number;
  publishedAt: string;
}

/** Every level a rulebook published, in publishing order; only those published by `asOf` when given. */
export async function publishedLevels(db: Kysely<Database>, rulebook: string, asOf?: Date): Promise<PublishedLevelRow[]> {
  let query = db.selectFrom('assessments').select(['unit_code', 'date', 'level', 'computed_at']).where('rulebook_id', '=', rulebook).orderBy('id');
  if (asOf) query = query.where('computed_at', '<=', asOf.toISOString());
  const rows = await query.execute();
  return rows.map((r) => ({ unit: r.unit_code, date: r.date, level: Number(r.level), publishedAt: r.computed_at }));
}
