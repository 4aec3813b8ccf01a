import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Assessment, Reason } from '../../src/core/assess/explain.ts';
import { addDays } from '../../src/core/time/local-date.ts';
import { assessmentHistory, publishAssessments } from '../../src/store/assessment-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const BOOK = { id: 'vn-2686', version: '2021-10-11' };

function reason(count: number): Reason {
  return {
    criterion: 'ward-cases',
    state: 'yellow',
    text: { vi: `Có ${count} ca trong 14 ngày`, en: `${count} cases in 14 days` },
    figures: { count, window: 14 },
    verified: true,
    confidence: 'A',
    citation: 'QĐ 2686/QĐ-BCĐQG',
  };
}

/** A ward's assessment on a date: green without cases, yellow with the count as its reason. */
function assessment(unit: string, date: string, count: number, overrideId?: number): Assessment {
  return {
    unit,
    date,
    level: count > 0 ? 1 : 0,
    state: count > 0 ? 'yellow' : 'green',
    reasons: count > 0 ? [reason(count)] : [],
    override: overrideId === undefined ? null : { id: overrideId, state: 'yellow', justification: 'ổ dịch chợ', author: 'analyst', from: date, until: null },
  };
}

describe.each(ENGINES)('assessment store [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeEach(async () => {
    store = await freshStore(engine);
  });
  afterEach(() => store.dispose());

  const history = (unit: string, from = '2021-07-01', to = '2021-09-30', rulebook = BOOK.id) => assessmentHistory(store.db, rulebook, unit, from, to);

  it('appends a version only when an assessment differs from the latest stored one, whichever version that is', async () => {
    const at = (n: number) => `2021-07-20T0${n}:00:00.000Z`;
    expect((await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 3), assessment('26743', '2021-07-15', 0)], at(1)))?.added).toBe(2);
    expect((await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 3), assessment('26743', '2021-07-15', 0)], at(2)))?.added).toBe(0);
    expect((await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 5)], at(3)))?.added).toBe(1);
    // Back to what version 1 said: it differs from the latest (version 2), so it is version 3.
    expect((await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 3)], at(4)))?.added).toBe(1);
    expect((await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 3), assessment('26743', '2021-07-15', 0)], at(5)))?.added).toBe(0);
    expect(await history('26740')).toMatchObject([{ date: '2021-07-15', version: 3, level: 1, reasons: [reason(3)], computedAt: at(4) }]);
    expect(await history('26743')).toMatchObject([{ date: '2021-07-15', version: 1, level: 0, reasons: [], computedAt: at(1) }]);
    // As published before version 3: version 2.
    expect((await assessmentHistory(store.db, BOOK.id, '26740', '2021-07-15', '2021-07-15', at(3)))[0]).toMatchObject({ version: 2, reasons: [reason(5)] });
  });

  it('stores a publication of any size whole, field for field, and a repeat of it adds nothing', async () => {
    // 3 units × 50 dates: more rows than one multi-row INSERT takes, and a remainder.
    const units = ['26740', '26743', '26746'];
    const dates = Array.from({ length: 50 }, (_, d) => addDays('2021-07-01', d));
    const all = units.flatMap((unit, u) => dates.map((date, d) => assessment(unit, date, (d + u) % 4, d === 7 ? 41 : undefined)));
    expect((await publishAssessments(store, BOOK, all, '2021-08-20T01:00:00.000Z'))?.added).toBe(150);
    expect((await publishAssessments(store, BOOK, all, '2021-08-20T02:00:00.000Z'))?.added).toBe(0);
    for (const [u, unit] of units.entries()) {
      const stored = await history(unit);
      expect(stored.map((s) => s.date)).toEqual(dates);
      stored.forEach((s, d) => {
        const a = all[u * 50 + d];
        expect(s).toEqual({
          unit,
          date: a.date,
          version: 1,
          level: a.level,
          state: a.state,
          reasons: a.reasons,
          overrideId: d === 7 ? 41 : null,
          rulebook: BOOK,
          computedAt: '2021-08-20T01:00:00.000Z',
        });
      });
    }
    // A later publication changing some dates of one unit adds only those.
    const changed = dates.slice(10, 20).map((date) => assessment('26743', date, 9));
    expect((await publishAssessments(store, BOOK, [...changed, ...all], '2021-08-20T03:00:00.000Z'))?.added).toBe(10);
    expect((await history('26743', dates[10], dates[19])).every((s) => s.version === 2 && s.reasons[0].figures.count === 9)).toBe(true);
  });

  it('keeps the versions of each rulebook apart', async () => {
    const other = { id: 'other-book', version: '1' };
    await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 3)], '2021-07-20T01:00:00.000Z');
    await publishAssessments(store, BOOK, [assessment('26740', '2021-07-15', 4)], '2021-07-20T02:00:00.000Z');
    expect((await publishAssessments(store, other, [assessment('26740', '2021-07-15', 4)], '2021-07-20T03:00:00.000Z'))?.added).toBe(1);
    expect(await history('26740', '2021-07-15', '2021-07-15', other.id)).toMatchObject([{ version: 1, rulebook: other }]);
    expect(await history('26740', '2021-07-15', '2021-07-15')).toMatchObject([{ version: 2, rulebook: BOOK }]);
  });
});
