import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish } from '../../../test/support/campaign-fixture.ts';
import { NO_CASES, publishedLevelHistory, VN_2686_STATES } from '../campaign/level-history.ts';
import { computeStandings } from '../campaign/standings.ts';
import { judgeCriterion, reductionRanks } from './reward-criteria.ts';
import type { Criterion } from './reward-scheme.ts';

// One character per date from 8 July (the day before the start); standings on 14 July (day 5).
const SERIES = {
  '26734': '3210000', // turned green on 11 July, held 4 days
  '26737': '0000000', // green throughout
  '26740': '2222200', // turned green on 13 July, held 2 days
  '26800': '1000100', // green, relapsed on 12 July, green again on 13 July
  '26803': '3333333', // red throughout
  '26806': '2110000', // turned green on 11 July
};
const table = computeStandings({
  campaign: CAMPAIGN,
  units: CITY,
  history: publishedLevelHistory('vn-2686', VN_2686_STATES, publish(SERIES)),
  cases: NO_CASES,
  group: 'ward',
  date: day(5),
});
const ranks = reductionRanks(table);
const rowOf = (unit: string) => table.rows.find((r) => r.unit === unit)!;
const criterion = (rule: Criterion['rule']): Criterion => ({
  id: 'c',
  subject: rule.type === 'described' ? 'individual' : 'collective',
  vi: 'v',
  en: 'e',
  rule,
});

describe('collective criteria against the standings', () => {
  const reached = criterion({ type: 'reachedGreen', byDate: '2021-07-13', heldDays: 3 });
  const held = criterion({ type: 'heldGreen' });
  const top2 = criterion({ type: 'largestReduction', top: 2 });

  it.each([
    // unit, criterion, met, facts expected to include
    ['26734', reached, true, { greenSince: '2021-07-11', daysGreen: 4, baseline: 3, current: 0, reduction: 3 }],
    ['26740', reached, false, { greenSince: '2021-07-13', daysGreen: 2 }], // held 2 days, not 3
    ['26737', reached, false, { greenSince: '2021-07-09', daysGreen: 6 }], // never turned: green from the start (the run counts from the first campaign day)
    ['26800', reached, false, { greenSince: '2021-07-13', daysGreen: 2 }], // its current run is what counts, not the first green
    ['26803', reached, false, { current: 3 }],
    ['26737', held, true, { daysGreen: 6 }],
    ['26800', held, false, {}],
    ['26734', held, false, {}],
    ['26734', top2, true, { rank: 1, reduction: 3 }],
    ['26740', top2, true, { rank: 2, reduction: 2 }],
    ['26806', top2, true, { rank: 2, reduction: 2 }], // a tie shares the place
    ['26737', top2, false, { reduction: 0 }],
  ] as const)('%s, %o: met %s', (unit, c, met, facts) => {
    const verdict = judgeCriterion(c, rowOf(unit), table, ranks);
    expect(verdict.met).toBe(met);
    expect(verdict.facts).toMatchObject(facts);
  });

  it('never meets an individual (described) criterion from the standings', () => {
    expect(judgeCriterion(criterion({ type: 'described' }), rowOf('26737'), table, ranks)).toEqual({ met: false, facts: {} });
  });

  it('ranks by reduction with ties sharing a place, leaving out units that did not reduce', () => {
    expect([...ranks.entries()].sort()).toEqual([
      ['26734', 1],
      ['26740', 2],
      ['26800', 4],
      ['26806', 2],
    ]);
  });
});
