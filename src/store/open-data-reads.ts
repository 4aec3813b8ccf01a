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

/**
 * Every unit's published rows through a date, read in one pass, answering "the assessments on
 * date D" for any D up to it as `publishedAssessmentsOn` would, without a query per date: what
 * the bulk archive reads (a query per date and dataset took most of its time). Reasons stay JSON
 * text until a date's rows are asked for.
 */
export async function publishedTimeline(db: Kysely<Database>, rulebookId: string, through: string): Promise<(date: string) => StoredAssessment[]> {
  const rows = await db
    .selectFrom('assessments')
    .selectAll()
    .where('rulebook_id', '=', rulebookId)
    .where('date', '<=', through)
    .orderBy('unit_code')
    .orderBy('date')
    .orderBy('version')
    .execute();
  // Per unit, its dates ascending, each with its latest version (later rows of a date replace earlier ones).
  const units = new Map<string, { dates: string[]; rows: Array<(typeof rows)[number]> }>();
  for (const r of rows) {
    let unit = units.get(r.unit_code);
    if (!unit) units.set(r.unit_code, (unit = { dates: [], rows: [] }));
    if (unit.dates.at(-1) === r.date) unit.rows[unit.rows.length - 1] = r;
    else {
      unit.dates.push(r.date);
      unit.rows.push(r);
    }
  }
  return (date) => {
    const out: StoredAssessment[] = [];
    for (const { dates, rows: held } of units.values()) {
      // The last of the unit's dates on or before `date` (binary search).
      let lo = 0;
      let hi = dates.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (dates[mid] <= date) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found >= 0) out.push({ ...storedAssessment(held[found]), date });
    }
    return out;
  };
}
