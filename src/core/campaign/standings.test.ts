import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish, unit } from '../../../test/support/campaign-fixture.ts';
import type { ScoringKey } from './campaign.ts';
import { communityCasesFrom, NO_CASES, publishedLevelHistory, VN_2686_STATES } from './level-history.ts';
import { computeStandings, type StandingRow } from './standings.ts';

const history = (series: Record<string, string>) => publishedLevelHistory('vn-2686', VN_2686_STATES, publish(series));

function wardStandings(series: Record<string, string>, date = day(5), cases = NO_CASES) {
  return computeStandings({ campaign: CAMPAIGN, units: CITY, history: history(series), cases, group: 'ward', date });
}

const row = (rows: StandingRow[], code: string) => rows.find((r) => r.unit === code)!;

describe('campaign standings: ordering keys', () => {
  // Each case: the better unit's levels, the worse unit's, and the key that must decide between them.
  // Level strings run from 8 July (the baseline) to 14 July (day 5).
  it.each<[string, string, string, ScoringKey, [number, number]?]>([
    ['greener now beats a bigger reduction', '1000000', '3333331', 'current'],
    ['bigger reduction at the same state', '3333300', '2222200', 'reduction'],
    ['earlier first green at the same reduction', '3320000', '3322000', 'firstGreen'],
    ['more days green at the same first green', '3300000', '3301000', 'daysGreen'],
    ['fewer community cases per 100,000 when all else ties', '3300000', '3300000', 'casesPer100k', [1, 9]],
  ])('%s', (_label, better, worse, key, cases) => {
    // 26734 (10,000 people) and 26737 (20,000): put the worse series on the lower code so code order cannot explain the result.
    const cells = cases
      ? [
          { unit: '26737', date: day(1), cases: cases[0] * 2 },
          { unit: '26734', date: day(2), cases: cases[1] },
        ]
      : [];
    const table = wardStandings({ '26737': better, '26734': worse }, day(5), communityCasesFrom(cells));
    const b = row(table.rows, '26737');
    const w = row(table.rows, '26734');
    expect(b.rank).toBe(1);
    expect(w.rank).toBe(2);
    const reasonWords: Record<ScoringKey, string> = {
      current: 'mức hiện tại kém xanh hơn',
      reduction: 'giảm ít mức hơn',
      firstGreen: 'xanh muộn hơn',
      daysGreen: 'ít ngày xanh hơn',
      casesPer100k: 'nhiều ca cộng đồng trên 100.000 dân hơn',
    };
    expect(w.explanation.vi).toContain(`sau Phường Đa Kao vì ${reasonWords[key]}`);
    expect(w.explanation.en).toMatch(/^Rank 2 of 2: below Phường Đa Kao for /);
    expect(b.explanation.vi).toMatch(/^Hạng 1\/2: /);
  });

  it('computes each figure of a row', () => {
    const table = wardStandings(
      { '26740': '3322000' },
      day(5),
      communityCasesFrom([
        { unit: '26740', date: day(1), cases: 3 },
        { unit: '26740', date: day(9), cases: 50 },
      ]),
    );
    expect(row(table.rows, '26740')).toMatchObject({
      baseline: 3,
      current: 0,
      reduction: 3,
      firstGreenDate: '2021-07-12',
      firstGreenAt: '2021-07-11T17:00:00.000Z',
      daysGreen: 3,
      heldGreen: false,
      communityCases: 3,
      casesPer100k: 10,
      levels: [3, 2, 2, 0, 0, 0],
      rank: 1,
      rankInParent: 1,
    });
  });

  it('shares a rank on a full tie and lists the tied units by code', () => {
    const table = wardStandings({ '26806': '3210000', '26737': '3210000', '26740': '3333333' });
    expect(table.rows.map((r) => [r.unit, r.rank])).toEqual([
      ['26737', 1],
      ['26806', 1],
      ['26740', 3],
      ['26734', null],
      ['26800', null],
      ['26803', null],
    ]);
    expect(row(table.rows, '26806').explanation.vi).toContain('đồng hạng với Phường Đa Kao');
  });

  it('follows a per-campaign order of keys', () => {
    const series = { '26734': '3330000', '26737': '0000001' };
    expect(wardStandings(series).rows[0].unit).toBe('26734'); // default: green now beats risk
    const byDaysGreen = { ...CAMPAIGN, scoring: ['daysGreen', 'current', 'reduction', 'firstGreen', 'casesPer100k'] as ScoringKey[] };
    const table = computeStandings({ campaign: byDaysGreen, units: CITY, history: history(series), cases: NO_CASES, group: 'ward', date: day(5) });
    expect(table.rows[0]).toMatchObject({ unit: '26737', daysGreen: 5 });
    expect(table.rows[1]).toMatchObject({ unit: '26734', daysGreen: 4 });
    expect(table.rows[1].explanation.en).toContain('fewer days green (4 vs 5)');
  });
});

describe('campaign standings: criteria from the issue', () => {
  it('ranks a unit that worsens below one that held its level', () => {
    const table = wardStandings({ '26734': '1111112', '26737': '1111111', '26740': '0000001' });
    expect(row(table.rows, '26737').rank).toBe(1);
    // Same current level (1): held (reduction 0) beats worsened (reduction -1).
    expect(row(table.rows, '26740')).toMatchObject({ rank: 2, reduction: -1 });
    expect(row(table.rows, '26740').explanation.vi).toContain('sau Phường Đa Kao vì giảm ít mức hơn');
    expect(row(table.rows, '26740').explanation.vi).toContain('tăng 1 mức');
    expect(row(table.rows, '26734')).toMatchObject({ rank: 3, reduction: -1, current: 2 });
  });

  it('lists a unit with no data as "chưa có dữ liệu", last and unranked, even when every other unit is red', () => {
    const table = wardStandings({ '26734': '3333333', '26737': '.......', '26740': '.......' });
    const noData = table.rows.filter((r) => r.status === 'no_data').map((r) => r.unit);
    expect(noData).toEqual(['26737', '26740', '26800', '26803', '26806']);
    expect(table.rows[0]).toMatchObject({ unit: '26734', rank: 1 });
    for (const code of noData) {
      const r = row(table.rows, code);
      expect(r.rank).toBeNull();
      expect(r.rankInParent).toBeNull();
      expect(r.explanation).toEqual({ vi: 'Chưa có dữ liệu: không xếp hạng.', en: 'No data yet: not ranked.' });
    }
    expect(table.ranked).toBe(1);
    expect(table.rows.slice(-5).every((r) => r.status === 'no_data')).toBe(true);
  });

  it('ranks no unit when none has data', () => {
    const table = wardStandings({});
    expect(table.ranked).toBe(0);
    expect(table.rows.every((r) => r.rank === null && r.status === 'no_data')).toBe(true);
  });

  it.each([
    ['green from the start to now', '0000000', true],
    ['green at the start, one red day', '0000300', false],
    ['red at the start, green since', '1000000', false],
    // Published levels are carried forward: dates without a row of their own keep the level in force.
    ['green, carried through dates without a row', '0..0..0', true],
  ])('held-green mark: %s → %s', (_label, series, held) => {
    const r = row(wardStandings({ '26740': series }).rows, '26740');
    expect(r.heldGreen).toBe(held);
    if (held) expect(r.firstGreenAt).toBe(CAMPAIGN.start);
  });

  it('ranks within each parent as well as citywide', () => {
    const table = wardStandings({ '26734': '3333333', '26737': '2222222', '26740': '1111111', '26800': '0000000', '26803': '3333330', '26806': '2222222' });
    // Current state first, then reduction: 26803 came down from very high to green, 26800 held green.
    expect(table.rows.map((r) => [r.unit, r.rank, r.rankInParent])).toEqual([
      ['26803', 1, 1],
      ['26800', 2, 2],
      ['26740', 3, 1],
      ['26737', 4, 2],
      ['26806', 4, 3],
      ['26734', 6, 3],
    ]);
  });

  it('gives districts their green share of wards and of population, and its change since the start', () => {
    const series = { '760': '3333332', '26734': '3333330', '26737': '0000000', '26740': '2222222', '769': '2222222', '26800': '.......' };
    const table = computeStandings({ campaign: CAMPAIGN, units: CITY, history: history(series), cases: NO_CASES, group: 'district', date: day(5) });
    expect(row(table.rows, '760').greenShare).toEqual({
      children: 3,
      units: { baseline: 0.3333, current: 0.6667, change: 0.3333 },
      population: { baseline: 0.3333, current: 0.5, change: 0.1667 },
    });
    expect(row(table.rows, '769').greenShare?.units).toEqual({ baseline: 0, current: 0, change: 0 });
    expect(row(table.rows, '760').rank).toBe(1); // both high now; 760 came down one level
  });

  it('takes the rank change from the previous official cut', () => {
    const table = computeStandings({
      campaign: CAMPAIGN,
      units: CITY,
      history: history({ '26734': '3333330', '26737': '0000000' }),
      cases: NO_CASES,
      group: 'ward',
      date: day(5),
      previousRanks: new Map([
        ['26734', 2],
        ['26737', 1],
        ['26740', 1],
      ]),
    });
    // 26734 came down from very high to green (reduction 3) and passes 26737, green all along (reduction 0).
    expect(row(table.rows, '26734')).toMatchObject({ rank: 1, previousRank: 2, rankChange: 1 });
    expect(row(table.rows, '26737')).toMatchObject({ rank: 2, previousRank: 1, rankChange: -1 });
    expect(row(table.rows, '26740')).toMatchObject({ rank: null, previousRank: 1, rankChange: null });
  });

  it('rejects a date outside the campaign', () => {
    expect(() => wardStandings({}, '2021-07-24')).toThrow(/outside campaign test-2021/);
  });

  it('counts a ward with no population as unknown cases per 100,000, ranked last on that key', () => {
    const units = [...CITY, unit('26999', 'Phường Không Dân', 'ward', '760', null)];
    const table = computeStandings({
      campaign: CAMPAIGN,
      units,
      history: history({ '26999': '0000000', '26734': '0000000' }),
      cases: NO_CASES,
      group: 'ward',
      date: day(5),
    });
    expect(table.rows.slice(0, 2).map((r) => [r.unit, r.casesPer100k])).toEqual([
      ['26734', 0],
      ['26999', null],
    ]);
  });
});
