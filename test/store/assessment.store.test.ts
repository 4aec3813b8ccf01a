import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Assessment, Reason } from '../../src/core/assess/explain.ts';
import { addDays } from '../../src/core/time/local-date.ts';
import { assessmentHistory, publishAssessments, publishedLevelsOn } from '../../src/store/assessment-store.ts';
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

  it('carries an assessment forward until it changes: a correction in the middle adds versions only where what is in force differs', async () => {
    const at = (n: number) => `2021-07-25T0${n}:00:00.000Z`;
    const dates = Array.from({ length: 10 }, (_, d) => addDays('2021-07-10', d));
    // Yellow with 2 cases on 10–12 July, green after: a row on 10 July and one on 13 July.
    const first = dates.map((date, d) => assessment('26740', date, d < 3 ? 2 : 0));
    expect(await publishAssessments(store, BOOK, first, at(1), { reach: dates[9] })).toMatchObject({ added: 2, reached: true });
    expect(await publishAssessments(store, BOOK, first, at(2), { reach: dates[9] })).toMatchObject({ added: 0, reached: false });
    // A correction: 4 cases on 15–16 July. New rows on 15 July (yellow) and 17 July (green again).
    const second = dates.map((date, d) => assessment('26740', date, d < 3 ? 2 : d === 5 || d === 6 ? 4 : 0));
    expect(await publishAssessments(store, BOOK, second.slice(5), at(3), { reach: dates[9] })).toMatchObject({
      added: 2,
      units: new Map([['26740', '2021-07-15']]),
    });
    const rows = await store.db.selectFrom('assessments').select(['date', 'version', 'level']).orderBy('date').orderBy('version').execute();
    expect(rows.map((r) => [r.date, Number(r.version), Number(r.level)])).toEqual([
      ['2021-07-10', 1, 1],
      ['2021-07-13', 1, 0],
      ['2021-07-15', 1, 1],
      ['2021-07-17', 1, 0],
    ]);
    // Read back per date: every date to the reach, each with what is in force; nothing after it.
    const now = await history('26740', '2021-07-09', '2021-07-25');
    expect(now.map((a) => a.date)).toEqual(dates);
    expect(now.map((a) => a.reasons[0]?.figures.count ?? 0)).toEqual([2, 2, 2, 0, 0, 4, 4, 0, 0, 0]);
    expect(now[6]).toMatchObject({ date: '2021-07-16', version: 1, computedAt: at(3) });
    // As published before the correction: green from 13 July on.
    const then = await assessmentHistory(store.db, BOOK.id, '26740', '2021-07-09', '2021-07-25', at(2));
    expect(then.map((a) => a.level)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(await publishedLevelsOn(store.db, BOOK.id, '2021-07-16', at(2))).toEqual({ levels: { '26740': 0 }, computedAt: at(1) });
    expect(await publishedLevelsOn(store.db, BOOK.id, '2021-07-16', at(3))).toEqual({ levels: { '26740': 1 }, computedAt: at(3) });
    // Past the reach, nothing was published; before the first publication, nothing either.
    expect(await publishedLevelsOn(store.db, BOOK.id, '2021-07-20', at(3))).toEqual({ levels: {}, computedAt: null });
    expect(await publishedLevelsOn(store.db, BOOK.id, '2021-07-16', '2021-07-24T00:00:00.000Z')).toEqual({ levels: {}, computedAt: null });
    // Correcting a day back to what the carried row says re-dates nothing: the 15 July row gets a version, 16 July carries it.
    const third = second.map((a, d) => (d === 5 || d === 6 ? assessment('26740', a.date, 0) : a));
    expect((await publishAssessments(store, BOOK, third.slice(4), at(4)))?.added).toBe(1);
    expect((await history('26740', '2021-07-14', '2021-07-19')).map((a) => [a.date, a.level, a.version])).toEqual([
      ['2021-07-14', 0, 1],
      ['2021-07-15', 0, 2],
      ['2021-07-16', 0, 2],
      ['2021-07-17', 0, 1],
      ['2021-07-18', 0, 1],
      ['2021-07-19', 0, 1],
    ]);
  });

  it('reads a database from before carrying forward (a row per unit per day, no reach records) the same way', async () => {
    const dates = Array.from({ length: 5 }, (_, d) => addDays('2021-07-10', d));
    const rows = dates.map((date, d) => ({
      rulebook_id: BOOK.id,
      rulebook_version: BOOK.version,
      unit_code: '26740',
      date,
      version: 1,
      level: d < 2 ? 1 : 0,
      state: d < 2 ? 'yellow' : 'green',
      reasons: '[]',
      override_id: null,
      signature: `s${d < 2 ? 1 : 0}`,
      computed_at: '2021-07-15T00:00:00.000Z',
    }));
    await store.db.insertInto('assessments').values(rows).execute();
    expect((await history('26740')).map((a) => a.level)).toEqual([1, 1, 0, 0, 0]);
    expect((await publishedLevelsOn(store.db, BOOK.id, '2021-07-14', '2021-07-16T00:00:00.000Z')).levels).toEqual({ '26740': 0 });
    expect((await publishedLevelsOn(store.db, BOOK.id, '2021-07-15', '2021-07-16T00:00:00.000Z')).levels).toEqual({});
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
