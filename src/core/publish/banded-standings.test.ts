import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish, unit } from '../../../test/support/campaign-fixture.ts';
import { parseCampaign } from '../campaign/campaign.ts';
import { communityCasesFrom, publishedLevelHistory, VN_2686_STATES } from '../campaign/level-history.ts';
import { computeStandings } from '../campaign/standings.ts';
import { publicStandingRows } from './banded-standings.ts';
import { PUBLIC } from './small-numbers.ts';

// Three khu phố of Bến Nghé, alike in level: the cases per 100,000 decide their order.
const UNITS = [
  ...CITY,
  unit('26740-1', 'Khu phố 1', 'neighbourhood', '26740', 3100),
  unit('26740-2', 'Khu phố 2', 'neighbourhood', '26740', 3100),
  unit('26740-3', 'Khu phố 3', 'neighbourhood', '26740', 3100),
];
const campaign = parseCampaign({
  id: CAMPAIGN.id,
  name: CAMPAIGN.name,
  start: '2021-07-09T00:00:00+07:00',
  end: '2021-07-24T00:00:00+07:00',
  groups: ['neighbourhood', 'ward'],
  rulebook: 'vn-2686',
  cutTime: '18:00',
  scoring: ['current', 'casesPer100k'],
});
const history = publishedLevelHistory('vn-2686', VN_2686_STATES, publish({ '26740-1': '11111', '26740-2': '11111', '26740-3': '11111', '26740': '11111' }));
const cases = communityCasesFrom([
  { unit: '26740-1', date: day(1), cases: 3 },
  { unit: '26740-2', date: day(1), cases: 4 },
  { unit: '26740-3', date: day(1), cases: 7 },
  { unit: '26740', date: day(1), cases: 14 },
]);
const table = (group: string) => computeStandings({ campaign, units: UNITS, history, cases, group, date: day(3) });

describe('standings as published below the ward', () => {
  it('ranks on exact cases and shows their bands, with rates and explanations derived from the bands', () => {
    const t = table('neighbourhood');
    const rows = publicStandingRows(t, t.rows, campaign.scoring, PUBLIC);
    // 3 < 4 < 7 cases (96.77, 129.03 and 225.81 per 100,000): the order the exact figures give, though 3 and 4 share a band.
    expect(rows.map((r) => [r.unit, r.rank, r.communityCases, r.casesPer100k])).toEqual([
      ['26740-1', 1, '1–4', '32–130'],
      ['26740-2', 2, '1–4', '32–130'],
      ['26740-3', 3, '5–9', '161–291'],
    ]);
    expect(rows[1].explanation.en).toBe('Rank 2 of 3: below Khu phố 1 for more community cases per 100,000 (32–130 vs 32–130); level Risk.');
    expect(rows[2].explanation.vi).toContain('(161–291 so với 32–130)');
    for (const r of rows) expect(JSON.stringify(r)).not.toMatch(/96[.,]7|96[.,]8|129[.,]0|225[.,]8/);
  });

  it('leaves wards exact, and an exact audience sees the table as computed', () => {
    const wards = table('ward');
    expect(publicStandingRows(wards, wards.rows, campaign.scoring, PUBLIC)).toEqual(wards.rows);
    const t = table('neighbourhood');
    expect(publicStandingRows(t, t.rows, campaign.scoring, { exact: true })).toEqual(t.rows);
  });

  it('explains a row of a filtered list against the row above it in the whole table', () => {
    const t = table('neighbourhood');
    const [only] = publicStandingRows(t, [t.rows[2]], campaign.scoring, PUBLIC);
    expect(only.explanation.en).toContain('below Khu phố 2');
  });
});
