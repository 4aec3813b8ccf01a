import type { Kysely } from 'kysely';

import { addDays, datesBetween } from '../core/time/local-date.ts';
import type { Database } from './schema.ts';

export interface DailyCaseCount {
  date: string;
  community: number;
  other: number;
  /** Tests reported for the day (null: no test report). */
  tested: number | null;
  positive: number | null;
  /** Suspected cases reported for the day (null: none reported); informs, no rule reads it. */
  suspected: number | null;
}

/**
 * Daily cases of one unit (the cube already holds each ancestor's roll-up), zero-filled, with the
 * day's test report where there is one: tested, positive and suspected cases.
 */
export async function dailyCases(db: Kysely<Database>, unit: string, from: string, to: string): Promise<DailyCaseCount[]> {
  const rows = await db
    .selectFrom('cube_cases')
    .select(['date', 'setting', (eb) => eb.fn.sum<number>('cases').as('cases')])
    .where('unit_code', '=', unit)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .groupBy(['date', 'setting'])
    .execute();
  const byDate = new Map<string, DailyCaseCount>();
  for (const date of datesBetween(from, to)) byDate.set(date, { date, community: 0, other: 0, tested: null, positive: null, suspected: null });
  for (const row of rows) {
    const day = byDate.get(row.date);
    if (!day) continue;
    if (row.setting === 'community') day.community += Number(row.cases);
    else day.other += Number(row.cases);
  }
  const tests = await db
    .selectFrom('cube_tests')
    .select(['date', 'tested', 'positive', 'suspected'])
    .where('unit_code', '=', unit)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  for (const t of tests) {
    const day = byDate.get(t.date);
    if (!day) continue;
    day.tested = Number(t.tested);
    day.positive = Number(t.positive);
    day.suspected = t.suspected === null ? null : Number(t.suspected);
  }
  return [...byDate.values()];
}

/** Community cases per unit in the 14-day window ending on `date` (a case confirmed on D counts on D … D+13). */
export async function communityWindow(db: Kysely<Database>, date: string, days = 14): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('cube_cases')
    .select(['unit_code', (eb) => eb.fn.sum<number>('cases').as('cases')])
    .where('setting', '=', 'community')
    .where('date', '>=', addDays(date, -(days - 1)))
    .where('date', '<=', date)
    .groupBy('unit_code')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.unit_code, Number(r.cases)]));
}
