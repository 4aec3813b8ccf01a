import type { Kysely } from 'kysely';

import { chunks } from './chunk.ts';
import type { Database } from './schema.ts';

/** How fresh a subtree's data is: the latest dates it has data for, and when its latest rows arrived. */
export interface DataFreshness {
  /** Latest date with a case in the unit's subtree (the cube rolls every case up to its ancestors). */
  lastCaseDate: string | null;
  lastTestDate: string | null;
  /** When the latest case record or daily count of the subtree arrived (ISO UTC); null before migration 008 or without any. */
  lastCaseReceivedAt: string | null;
  lastTestReceivedAt: string | null;
}

const later = (a: string | null, b: string | null | undefined): string | null => (b != null && (a === null || b > a) ? b : a);

/**
 * The freshness of `unit`'s data; `subtree` lists the unit and every unit below it (arrival
 * instants are kept on the ledger rows, which name the finest unit, not its ancestors).
 */
export async function dataFreshness(db: Kysely<Database>, unit: string, subtree: readonly string[]): Promise<DataFreshness> {
  const [cases, tests] = await Promise.all([
    db
      .selectFrom('cube_cases')
      .select((eb) => eb.fn.max('date').as('last'))
      .where('unit_code', '=', unit)
      .where('cases', '>', 0)
      .executeTakeFirst(),
    db
      .selectFrom('cube_tests')
      .select((eb) => eb.fn.max('date').as('last'))
      .where('unit_code', '=', unit)
      .executeTakeFirst(),
  ]);
  let lastCaseReceivedAt: string | null = null;
  let lastTestReceivedAt: string | null = null;
  // In slices, under both engines' bound-parameter limits (the city's subtree is every unit).
  for (const part of chunks(subtree)) {
    const [records, counts, tested] = await Promise.all([
      db
        .selectFrom('case_records')
        .select((eb) => eb.fn.max('received_at').as('at'))
        .where('unit_code', 'in', part)
        .executeTakeFirst(),
      db
        .selectFrom('daily_counts')
        .select((eb) => eb.fn.max('received_at').as('at'))
        .where('unit_code', 'in', part)
        .executeTakeFirst(),
      db
        .selectFrom('test_counts')
        .select((eb) => eb.fn.max('received_at').as('at'))
        .where('unit_code', 'in', part)
        .executeTakeFirst(),
    ]);
    lastCaseReceivedAt = later(later(lastCaseReceivedAt, records?.at), counts?.at);
    lastTestReceivedAt = later(lastTestReceivedAt, tested?.at);
  }
  return { lastCaseDate: cases?.last ?? null, lastTestDate: tests?.last ?? null, lastCaseReceivedAt, lastTestReceivedAt };
}
