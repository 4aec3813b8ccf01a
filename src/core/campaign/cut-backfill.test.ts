import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish } from '../../../test/support/campaign-fixture.ts';
import { cutInstant } from './campaign-clock.ts';
import { BACKFILL_MESSAGE, compareCutWithNow } from './cut-backfill.ts';
import { type CommunityCases, communityCasesFrom, NO_CASES, type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from './level-history.ts';
import { computeOfficialCut } from './official-cut.ts';
import { computeStandings } from './standings.ts';

// Each day's levels are published at 12:00 local (05:00 UTC); the 10 July cut is at 18:00 local.
// One character per date from 8 July: the cut's date, 10 July, is the third.
const SERIES: Record<string, string> = { '26734': '333', '26737': '222', '26740': '211' };
const onTime = (): PublishedLevel[] => publish(SERIES).map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` }));
const CUT_DATE = day(1);
const AFTER_CUT = '2021-07-11T02:00:00.000Z';

/** The 10 July cut as frozen, and its standings recomputed from everything published and counted by now. */
function cutAndNow(late: PublishedLevel[], casesNow: CommunityCases = NO_CASES, casesThen: CommunityCases = NO_CASES) {
  const all = [...onTime(), ...late];
  const history = (asOf?: Date) => publishedLevelHistory('vn-2686', VN_2686_STATES, all, asOf);
  const base = { campaign: CAMPAIGN, units: CITY, group: 'ward', date: CUT_DATE };
  const cut = computeOfficialCut({ ...base, history: history(cutInstant(CAMPAIGN, CUT_DATE)), cases: casesThen, previous: null });
  const now = computeStandings({ ...base, history: history(), cases: casesNow });
  return compareCutWithNow(cut, now);
}

const level = (unit: string, date: string, value: number): PublishedLevel => ({ unit, date, level: value, publishedAt: AFTER_CUT });

describe('a cut overtaken by data that arrived after it (backfill)', () => {
  it.each([
    ['nothing arrived after the cut', [], NO_CASES, { detected: false, unitsChanged: 0, units: [] }],
    ['a late republication that repeats the level', [level('26740', CUT_DATE, 1)], NO_CASES, { detected: false, unitsChanged: 0 }],
    [
      "a level of the cut's date raised after the cut: rank and level move",
      [level('26740', CUT_DATE, 3)],
      NO_CASES,
      {
        detected: true,
        unitsChanged: 3,
        units: [
          { unit: '26734', rankThen: 3, rankNow: 2, levelThen: 3, levelNow: 3 },
          { unit: '26737', rankThen: 2, rankNow: 1, levelThen: 2, levelNow: 2 },
          { unit: '26740', rankThen: 1, rankNow: 3, levelThen: 1, levelNow: 3 },
        ],
      },
    ],
    [
      'an earlier date corrected after the cut: the level history changes, the ranks need not',
      [level('26737', day(0), 3)],
      NO_CASES,
      { detected: true, unitsChanged: 1, units: [{ unit: '26737', rankThen: 2, rankNow: 2, levelThen: 2, levelNow: 2 }] },
    ],
    [
      'the first level of a unit that had none at the cut: it enters the ranking',
      [level('26800', CUT_DATE, 0)],
      NO_CASES,
      { detected: true, unitsChanged: 4, units: expect.arrayContaining([{ unit: '26800', rankThen: null, rankNow: 1, levelThen: null, levelNow: 0 }]) },
    ],
    [
      "community cases counted for the cut's date after the cut",
      [],
      communityCasesFrom([{ unit: '26737', date: CUT_DATE, cases: 2 }]),
      { detected: true, unitsChanged: 1, units: [{ unit: '26737', rankThen: 2, rankNow: 2, levelThen: 2, levelNow: 2 }] },
    ],
    ['community cases of a date after the cut: not part of it', [], communityCasesFrom([{ unit: '26737', date: day(2), cases: 2 }]), { detected: false }],
  ])('%s', (_label, late, casesNow, expected) => {
    expect(cutAndNow(late, casesNow)).toMatchObject(expected);
  });

  it("counts a district whose ward's level arrived after the cut: its green share moves though its own levels do not", () => {
    const district = (late: PublishedLevel[]) => {
      const all = [...onTime(), ...publish({ '760': '222' }).map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` })), ...late];
      const history = (asOf?: Date) => publishedLevelHistory('vn-2686', VN_2686_STATES, all, asOf);
      const base = { campaign: CAMPAIGN, units: CITY, group: 'district', date: CUT_DATE, cases: NO_CASES };
      const cut = computeOfficialCut({ ...base, history: history(cutInstant(CAMPAIGN, CUT_DATE)), previous: null });
      return compareCutWithNow(cut, computeStandings({ ...base, history: history() }));
    };
    expect(district([]).detected).toBe(false);
    expect(district([level('26737', CUT_DATE, 0)])).toMatchObject({
      detected: true,
      units: [{ unit: '760', rankThen: 1, rankNow: 1, levelThen: 2, levelNow: 2 }],
    });
  });

  it('says so in both languages only when detected', () => {
    expect(cutAndNow([level('26740', CUT_DATE, 3)]).message).toEqual(BACKFILL_MESSAGE);
    expect(BACKFILL_MESSAGE.vi).toContain('Dữ liệu của ngày này đến sau giờ chốt');
    expect(BACKFILL_MESSAGE.en).toContain("'as known now'");
    expect(cutAndNow([]).message).toEqual({ vi: '', en: '' });
  });

  it('refuses to compare standings of another date or group', () => {
    const history = publishedLevelHistory('vn-2686', VN_2686_STATES, onTime());
    const table = (date: string) => computeStandings({ campaign: CAMPAIGN, units: CITY, history, cases: NO_CASES, group: 'ward', date });
    expect(() => compareCutWithNow(table(day(1)), table(day(2)))).toThrow(RangeError);
  });
});
