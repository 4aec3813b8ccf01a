import type { Kysely } from 'kysely';

import { publishedReach } from './assessment-reach.ts';
import { type StoredAssessment, storedAssessment } from './assessment-store.ts';
import type { Database } from './schema.ts';

/**
 * What the open data reads from the store (docs/open-data.md): the published assessments of one
 * date for every unit, the dates they run over, and the daily cube of one date. Published means
 * the append-only `assessments` log: the same rows the map and "as published" views read.
 */

/** The first and last dates with published levels under a rulebook; null before any publication. */
export async function publishedDates(db: Kysely<Database>, rulebookId: string): Promise<{ first: string; last: string } | null> {
  const last = await publishedReach(db, rulebookId);
  if (last === null) return null;
  const row = await db
    .selectFrom('assessments')
    .select((eb) => eb.fn.min('date').as('date'))
    .where('rulebook_id', '=', rulebookId)
    .executeTakeFirst();
  const first = typeof row?.date === 'string' ? row.date : last;
  return { first, last };
}

/**
 * Every unit's assessment on a date as known now: per unit, the latest version of its latest row
 * on or before the date (rows are carried forward, as `assessmentHistory` reads them).
 */
export async function publishedAssessmentsOn(db: Kysely<Database>, rulebookId: string, date: string): Promise<StoredAssessment[]> {
  const inForce = db
    .selectFrom('assessments')
    .select(['unit_code', (eb) => eb.fn.max('date').as('date')])
    .where('rulebook_id', '=', rulebookId)
    .where('date', '<=', date)
    .groupBy('unit_code')
    .as('f');
  const rows = await db
    .selectFrom('assessments as a')
    .innerJoin(inForce, (join) => join.onRef('f.unit_code', '=', 'a.unit_code').onRef('f.date', '=', 'a.date'))
    .selectAll('a')
    .where('a.rulebook_id', '=', rulebookId)
    .orderBy('a.unit_code')
    .orderBy('a.version')
    .execute();
  const latest = new Map<string, StoredAssessment>();
  for (const r of rows) latest.set(r.unit_code, { ...storedAssessment(r), date });
  return [...latest.values()];
}

/** One unit's cube cells of a date: cases per setting and source, and the day's test report. */
export interface DailyCube {
  cases: Array<{ unit: string; setting: string; sourceKnown: boolean; cases: number }>;
  tests: Array<{ unit: string; tested: number; positive: number; suspected: number | null }>;
}

/** The daily cube of one date, every unit (each ancestor holds its roll-up). */
export async function dailyCubeOn(db: Kysely<Database>, date: string): Promise<DailyCube> {
  const cases = await db.selectFrom('cube_cases').select(['unit_code', 'setting', 'source_known', 'cases']).where('date', '=', date).execute();
  const tests = await db.selectFrom('cube_tests').select(['unit_code', 'tested', 'positive', 'suspected']).where('date', '=', date).execute();
  return {
    // PostgreSQL may answer integers as strings: converted here, at the boundary.
    cases: cases.map((r) => ({ unit: r.unit_code, setting: r.setting, sourceKnown: Number(r.source_known) === 1, cases: Number(r.cases) })),
    tests: tests.map((r) => ({
      unit: r.unit_code,
      tested: Number(r.tested),
      positive: Number(r.positive),
      suspected: r.suspected === null ? null : Number(r.suspected),
    })),
  };
}
