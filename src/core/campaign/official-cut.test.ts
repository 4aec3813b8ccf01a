import { describe, expect, it } from 'vitest';

import { CAMPAIGN, CITY, day, publish } from '../../../test/support/campaign-fixture.ts';
import { cutInstant, dueCutDates } from './campaign-clock.ts';
import { NO_CASES, type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from './level-history.ts';
import { computeOfficialCut, ranksOf } from './official-cut.ts';
import { computeStandings, type StandingsTable } from './standings.ts';

/**
 * The engine publishes each day's levels at 12:00 local (05:00 UTC); a late correction of
 * 10 July (day 1) arrives on 11 July at 09:00 local, after the 10 July cut.
 */
function publications(): PublishedLevel[] {
  const out: PublishedLevel[] = [];
  const series: Record<string, string> = { '26734': '33210000', '26737': '22222111', '26740': '11000000' };
  for (let i = 0; i < 8; i++) {
    const date = i === 0 ? '2021-07-08' : day(i - 1);
    const at = new Date(`${date}T05:00:00Z`).toISOString();
    for (const p of publish(series, at)) if (p.date === date) out.push(p);
  }
  out.push({ unit: '26740', date: day(1), level: 2, publishedAt: '2021-07-11T02:00:00Z' });
  return out;
}

const view = (pubs: PublishedLevel[], asOf?: Date) => publishedLevelHistory('vn-2686', VN_2686_STATES, pubs, asOf);

/** Every cut due by `now`, each computed from the levels as published at its own cut instant. */
function cutsUpTo(pubs: PublishedLevel[], now: Date): StandingsTable[] {
  const cuts: StandingsTable[] = [];
  for (const date of dueCutDates(CAMPAIGN, now)) {
    const history = view(pubs, cutInstant(CAMPAIGN, date));
    cuts.push(computeOfficialCut({ campaign: CAMPAIGN, units: CITY, history, cases: NO_CASES, group: 'ward', date, previous: cuts[cuts.length - 1] ?? null }));
  }
  return cuts;
}

describe('official cuts', () => {
  const now = new Date('2021-07-15T12:00:00Z');

  it('computes a cut from the levels as published at its cut instant, so a late correction does not move it; live standings do move', () => {
    const pubs = publications();
    const beforeCorrection = cutsUpTo(pubs.slice(0, -1), new Date('2021-07-10T12:00:00Z'));
    const after = cutsUpTo(pubs, now);
    // The 10 July cut is the same with or without the correction published the next morning.
    expect(after[1]).toEqual(beforeCorrection[1]);
    const cut10 = after[1].rows.find((r) => r.unit === '26740')!;
    expect(cut10).toMatchObject({ current: 0, rank: 1 });
    expect(after[1].levelsAsOf).toBe('2021-07-10T11:00:00.000Z');

    // Live standings for 10 July, as known now, see the correction.
    const live = computeStandings({ campaign: CAMPAIGN, units: CITY, history: view(pubs), cases: NO_CASES, group: 'ward', date: day(1) });
    expect(live.rows.find((r) => r.unit === '26740')).toMatchObject({ current: 2 });
  });

  it('flags the correction in the next cut, naming the corrected date', () => {
    const cuts = cutsUpTo(publications(), now);
    const cut11 = cuts[2];
    expect(cut11.date).toBe('2021-07-11');
    expect(cut11.rows.find((r) => r.unit === '26740')!.corrected).toEqual({ dates: ['2021-07-10'] });
    expect(cut11.rows.find((r) => r.unit === '26734')!.corrected).toBeUndefined();
    // Later cuts compare with the cut before them, which already saw the correction.
    expect(cuts[3].rows.find((r) => r.unit === '26740')!.corrected).toBeUndefined();
  });

  it('moves ranks against the previous cut', () => {
    const cuts = cutsUpTo(publications(), now);
    const ranks = cuts.map((c) => Object.fromEntries(c.rows.filter((r) => r.rank !== null).map((r) => [r.unit, [r.rank, r.rankChange]])));
    expect(ranks[0]).toEqual({ '26740': [1, null], '26737': [2, null], '26734': [3, null] });
    expect(ranks[3]['26734']).toEqual([1, 1]); // 12 July: 26734 is green (reduction 3) and passes 26740 (green, reduction 1)
    expect(ranksOf(cuts[0]).get('26740')).toBe(1);
  });

  it('replaying the same publications twice gives identical cuts and live standings', () => {
    const a = cutsUpTo(publications(), now);
    const b = cutsUpTo(publications(), now);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const live = () =>
      JSON.stringify(
        computeStandings({
          campaign: CAMPAIGN,
          units: CITY,
          history: view(publications()),
          cases: NO_CASES,
          group: 'ward',
          date: day(6),
          previousRanks: ranksOf(a[a.length - 1]),
        }),
      );
    expect(live()).toBe(live());
  });
});
