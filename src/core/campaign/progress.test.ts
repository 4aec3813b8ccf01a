import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish } from '../../../test/support/campaign-fixture.ts';
import { NO_CASES, publishedLevelHistory, VN_2686_STATES } from './level-history.ts';
import { computeProgress } from './progress.ts';
import { rewardCandidates } from './reward-candidates.ts';
import { computeStandings } from './standings.ts';

const history = (series: Record<string, string>) => publishedLevelHistory('vn-2686', VN_2686_STATES, publish(series));

// From 8 July; the last ward turns green on 13 July (day 4).
const SERIES = {
  '26734': '3210000',
  '26737': '0000000',
  '26740': '2222200',
  '26800': '1000000',
  '26803': '0000000',
  '26806': '1110000',
};

describe('map progress', () => {
  const progress = computeProgress({ ...CAMPAIGN, goal: { state: 0, share: 1, kind: 'ward' } }, CITY, history(SERIES), { until: day(5) });

  it('counts units and population in each state per day, citywide', () => {
    const first = progress.citywide.days[0];
    expect(first.date).toBe('2021-07-09');
    expect(first.units).toEqual({ byState: [3, 1, 2, 0], noData: 0, total: 6 });
    expect(first.population).toEqual({ byState: [90_000, 20_000, 40_000, 0], noData: 0, total: 150_000 });
    expect(first.goalShare).toEqual({ units: 0.5, population: 0.6 });
    expect(progress.citywide.days).toHaveLength(6);
  });

  it('finds the day the goal was met, citywide and per district', () => {
    expect(progress.citywide.goalMetOn).toBe('2021-07-13');
    expect(progress.citywide.days.map((d) => d.goalMet)).toEqual([false, false, false, false, true, true]);
    expect(progress.areas.map((a) => [a.code, a.name, a.goalMetOn])).toEqual([
      ['760', 'Quận 1', '2021-07-13'],
      ['769', 'Thành phố Thủ Đức', '2021-07-11'],
    ]);
  });

  it('does not count units without data as meeting the goal', () => {
    const p = computeProgress({ ...CAMPAIGN, goal: { state: 0, share: 1, kind: 'ward' } }, CITY, history({ ...SERIES, '26806': '......' }), { until: day(5) });
    expect(p.citywide.goalMetOn).toBeNull();
    expect(p.citywide.days[5].units.noData).toBe(1);
  });

  it('meets a partial goal (80% of wards at risk or greener) earlier', () => {
    const p = computeProgress({ ...CAMPAIGN, goal: { state: 1, share: 0.8, kind: 'ward' } }, CITY, history(SERIES), { until: day(5) });
    expect(p.citywide.goalMetOn).toBe('2021-07-10');
  });
});

describe('reward candidates', () => {
  const table = computeStandings({
    campaign: CAMPAIGN,
    units: CITY,
    history: history({ ...SERIES, '26800': '1001000' }),
    cases: NO_CASES,
    group: 'ward',
    date: day(5),
  });
  const candidates = rewardCandidates(CAMPAIGN, table);

  it('lists units that turned green, fastest first, measured to the start of their current green run', () => {
    expect(candidates.reachedGreen.map((c) => [c.unit, c.greenSince, c.daysToGreen, c.place])).toEqual([
      ['26734', '2021-07-11', 2, 1],
      ['26806', '2021-07-11', 2, 2], // same day, but came down from risk (1) rather than very high (3)
      ['26800', '2021-07-12', 3, 3], // green on 9 July, relapsed on 11 July: its speed counts from 12 July
      ['26740', '2021-07-13', 4, 4],
    ]);
    expect(candidates.provisional).toBe(true);
  });

  it('lists the units that held green throughout', () => {
    expect(candidates.heldGreen.map((c) => c.unit)).toEqual(['26737', '26803']);
  });

  it('is final on the last campaign date and honours the campaign criteria', () => {
    const last = computeStandings({ campaign: CAMPAIGN, units: CITY, history: history(SERIES), cases: NO_CASES, group: 'ward', date: day(14) });
    expect(rewardCandidates(CAMPAIGN, last).provisional).toBe(false);
    const onlyHeld = rewardCandidates({ ...CAMPAIGN, rewards: { reachedGreen: false, heldGreen: true } }, table);
    expect(onlyHeld.reachedGreen).toEqual([]);
  });
});
