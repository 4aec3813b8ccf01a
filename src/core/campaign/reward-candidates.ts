import { addDays } from '../time/local-date.ts';
import type { Campaign } from './campaign.ts';
import { campaignDates } from './campaign-clock.ts';
import { GREEN } from './level-history.ts';
import type { StandingRow, StandingsTable } from './standings.ts';

export interface RewardCandidate {
  unit: string;
  name: string;
  kind: string;
  parent: string | null;
  parentName?: string | null;
  /** Why it qualifies. */
  criterion: 'reached_green' | 'held_green';
  baseline: number | null;
  /** Start of its current unbroken green run. */
  greenSince: string;
  /** Days from the campaign's first date to `greenSince` (0 = green on the first day). */
  daysToGreen: number;
  daysGreen: number;
  /** Place in this candidate list (ties share it). */
  place: number;
}

export interface RewardCandidates {
  campaign: string;
  group: string;
  date: string;
  /** True while the campaign runs: the list can still change. */
  provisional: boolean;
  reachedGreen: RewardCandidate[];
  heldGreen: RewardCandidate[];
}

/**
 * Collectives that meet the campaign's reward criteria on a standings date (default: units that
 * turned green and are green now, fastest first, and units green from the start to now). Speed
 * is measured to the start of the unit's current green run, so a unit that turned green early
 * and relapsed is not rewarded for the early date. The nomination and approval workflow builds
 * on these lists later.
 */
export function rewardCandidates(campaign: Campaign, table: StandingsTable): RewardCandidates {
  const dates = campaignDates(campaign);
  const first = dates[0];
  const reached: RewardCandidate[] = [];
  const held: RewardCandidate[] = [];
  for (const row of table.rows) {
    if (row.current !== GREEN) continue;
    const since = greenSince(row, table.date);
    const candidate = (criterion: RewardCandidate['criterion']): RewardCandidate => ({
      unit: row.unit,
      name: row.name,
      kind: row.kind,
      parent: row.parent,
      parentName: row.parentName ?? null,
      criterion,
      baseline: row.baseline,
      greenSince: since,
      daysToGreen: Math.round((Date.parse(since) - Date.parse(first)) / 86_400_000),
      daysGreen: row.daysGreen,
      place: 0,
    });
    if (row.heldGreen) {
      if (campaign.rewards.heldGreen) held.push(candidate('held_green'));
    } else if (campaign.rewards.reachedGreen && row.baseline !== null && row.baseline !== GREEN) {
      reached.push(candidate('reached_green'));
    }
  }
  const bySpeed = (a: RewardCandidate, b: RewardCandidate) =>
    a.daysToGreen - b.daysToGreen || (b.baseline ?? 0) - (a.baseline ?? 0) || b.daysGreen - a.daysGreen || (a.unit < b.unit ? -1 : 1);
  reached.sort(bySpeed);
  // A larger climb down in the same time is the harder feat, so it places first; full ties share a place.
  reached.forEach((c, i) => {
    const prev = reached[i - 1];
    c.place = prev && prev.daysToGreen === c.daysToGreen && prev.baseline === c.baseline && prev.daysGreen === c.daysGreen ? prev.place : i + 1;
  });
  held.sort((a, b) => (a.unit < b.unit ? -1 : 1));
  held.forEach((c) => (c.place = 1));
  return {
    campaign: campaign.id,
    group: table.group,
    date: table.date,
    provisional: table.date < dates[dates.length - 1],
    reachedGreen: reached,
    heldGreen: held,
  };
}

function greenSince(row: StandingRow, date: string): string {
  let i = row.levels.length - 1;
  while (i > 0 && row.levels[i - 1] === GREEN) i--;
  return addDays(date, i - (row.levels.length - 1));
}
