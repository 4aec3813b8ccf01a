import type { Kysely } from 'kysely';

import type { PublishedReach } from '../core/campaign/level-history.ts';
import type { Database } from './schema.ts';

/**
 * Records that a publication assessed every date up to `date` (carried rows included), when that
 * is further than any publication before: returns whether it was. Append-only, in the
 * publication's transaction.
 */
export async function extendReach(tx: Kysely<Database>, rulebookId: string, date: string, computedAt: string): Promise<boolean> {
  const held = await tx
    .selectFrom('assessment_reach')
    .select((eb) => eb.fn.max('date').as('date'))
    .where('rulebook_id', '=', rulebookId)
    .executeTakeFirst();
  if (held?.date && held.date >= date) return false;
  await tx.insertInto('assessment_reach').values({ rulebook_id: rulebookId, date, computed_at: computedAt }).execute();
  return true;
}

/**
 * The last date with published levels, as published at an instant (ISO) or as known now; null
 * when nothing was. A database from before carrying forward (a row per unit per day) has no
 * reach records: there the latest row's date is the reach, so both are taken.
 */
export async function publishedReach(db: Kysely<Database>, rulebookId: string, publishedAt?: string): Promise<string | null> {
  let reach = db
    .selectFrom('assessment_reach')
    .select((eb) => eb.fn.max('date').as('date'))
    .where('rulebook_id', '=', rulebookId);
  let rows = db
    .selectFrom('assessments')
    .select((eb) => eb.fn.max('date').as('date'))
    .where('rulebook_id', '=', rulebookId);
  if (publishedAt !== undefined) {
    reach = reach.where('computed_at', '<=', publishedAt);
    rows = rows.where('computed_at', '<=', publishedAt);
  }
  const [a, b] = await Promise.all([reach.executeTakeFirst(), rows.executeTakeFirst()]);
  const dates = [a?.date, b?.date].filter((d): d is string => typeof d === 'string');
  return dates.length === 0 ? null : dates.reduce((m, d) => (d > m ? d : m));
}

/** Every reach record of a rulebook (optionally as published at an instant), for building a level history. */
export async function levelReaches(db: Kysely<Database>, rulebookId: string, asOf?: Date): Promise<PublishedReach[]> {
  let q = db.selectFrom('assessment_reach').select(['date', 'computed_at']).where('rulebook_id', '=', rulebookId);
  if (asOf) q = q.where('computed_at', '<=', asOf.toISOString());
  return (await q.orderBy('date').execute()).map((r) => ({ date: r.date, publishedAt: r.computed_at }));
}
