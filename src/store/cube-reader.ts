import type { Kysely } from 'kysely';

import type { DailyFacts, Setting, SourcePlace } from '../core/cube/daily-facts.ts';
import type { Database } from './schema.ts';

export interface CubeSlice {
  /** Only these units (all units when absent). */
  units?: readonly string[];
  from?: string;
  to?: string;
}

/** Reads the daily cube (never the ledger) for the engine: all of it, or some units over some dates. */
export async function readCube(db: Kysely<Database>, slice: CubeSlice = {}): Promise<DailyFacts> {
  const units = slice.units ? [...new Set(slice.units)] : undefined;
  if (units && units.length === 0) return { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
  type CubeTable = 'cube_cases' | 'cube_tests' | 'cube_clusters' | 'cube_source_places' | 'cube_households';
  // One filter for five tables that share unit_code and date: Kysely types the builder by the
  // first table's columns, so each read is given back its own table's row type.
  const rowsOf = <T extends CubeTable>(table: T): Promise<Database[T][]> => {
    let q = db.selectFrom(table as 'cube_cases').selectAll();
    if (units) q = q.where('unit_code', 'in', units);
    if (slice.from) q = q.where('date', '>=', slice.from);
    if (slice.to) q = q.where('date', '<=', slice.to);
    return q.execute() as unknown as Promise<Database[T][]>;
  };
  const [cases, tests, clusters, places, households] = await Promise.all([
    rowsOf('cube_cases'),
    rowsOf('cube_tests'),
    rowsOf('cube_clusters'),
    rowsOf('cube_source_places'),
    rowsOf('cube_households'),
  ]);
  return {
    cases: cases.map((r) => ({
      unit: r.unit_code,
      date: r.date,
      setting: r.setting as Setting,
      sourceKnown: Number(r.source_known) === 1,
      cases: Number(r.cases),
    })),
    tests: tests.map((r) => ({ unit: r.unit_code, date: r.date, tested: Number(r.tested), positive: Number(r.positive) })),
    clusters: clusters.map((r) => ({ unit: r.unit_code, date: r.date, cluster: r.cluster, sourceKnown: Number(r.source_known) === 1, cases: Number(r.cases) })),
    sourcePlaces: places.map((r) => ({ unit: r.unit_code, date: r.date, place: r.place as SourcePlace, cases: Number(r.cases) })),
    households: households.map((r) => ({ unit: r.unit_code, date: r.date, household: r.household, cases: Number(r.cases) })),
  };
}

/** First and last dates the cube holds any fact for, or null when it is empty. */
export async function cubeDateRange(db: Kysely<Database>): Promise<{ first: string; last: string } | null> {
  let first: string | null = null;
  let last: string | null = null;
  for (const table of ['cube_cases', 'cube_tests', 'cube_clusters', 'cube_source_places', 'cube_households'] as const) {
    const row = await db
      .selectFrom(table as 'cube_cases')
      .select((eb) => [eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
      .executeTakeFirst();
    if (row?.first && (first === null || row.first < first)) first = row.first;
    if (row?.last && (last === null || row.last > last)) last = row.last;
  }
  return first && last ? { first, last } : null;
}
