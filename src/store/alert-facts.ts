import type { Kysely } from 'kysely';

import type { Database } from './schema.ts';

/**
 * What the alert rules read from the cube (src/app/alerts.ts). The cube holds a row for every
 * unit a case counts in — the ward it names and each ancestor — so a unit's subtree is its own rows.
 */

/** Cases with an unknown source per unit and date, for `units` over [from, to]. */
export async function unknownSourceCases(db: Kysely<Database>, units: readonly string[], from: string, to: string): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (units.length === 0) return out;
  for (let i = 0; i < units.length; i += 500) {
    const rows = await db
      .selectFrom('cube_cases')
      .select(['unit_code', 'date', (eb) => eb.fn.sum<number | string>('cases').as('cases')])
      .where('unit_code', 'in', units.slice(i, i + 500))
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('source_known', '=', 0)
      .groupBy(['unit_code', 'date'])
      .execute();
    for (const r of rows) {
      let byDate = out.get(r.unit_code);
      if (!byDate) out.set(r.unit_code, (byDate = new Map()));
      // PostgreSQL answers SUM as a string.
      byDate.set(r.date, Number(r.cases));
    }
  }
  return out;
}

/** The last date with cases or tests per unit (over its subtree), up to `through`. */
export async function lastDataDates(db: Kysely<Database>, through: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of ['cube_cases', 'cube_tests'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(['unit_code', (eb) => eb.fn.max('date').as('last')])
      .where('date', '<=', through)
      .groupBy('unit_code')
      .execute();
    for (const r of rows) {
      const last = String(r.last);
      const known = out.get(r.unit_code);
      if (known === undefined || last > known) out.set(r.unit_code, last);
    }
  }
  return out;
}
