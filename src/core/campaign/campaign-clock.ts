import { datesBetween, localDate } from '../time/local-date.ts';
import type { Campaign } from './campaign.ts';
import type { LevelHistory } from './level-history.ts';

/** Ho Chi Minh City has kept UTC+7 without daylight saving since 1975, so local wall time maps to one offset. */
const OFFSET = '+07:00';

/** The local dates a campaign covers, first to last (its end instant is exclusive). */
export function campaignDates(campaign: Pick<Campaign, 'start' | 'end'>): string[] {
  const first = localDate(new Date(campaign.start));
  const last = localDate(new Date(Date.parse(campaign.end) - 1));
  return datesBetween(first, last);
}

/** The instant local midnight begins a date. */
export function startOfDate(date: string): Date {
  return new Date(`${date}T00:00:00${OFFSET}`);
}

/** The instant of a date's official cut (its local cut time). */
export function cutInstant(campaign: Pick<Campaign, 'cutTime'>, date: string): Date {
  return new Date(`${date}T${campaign.cutTime}:00${OFFSET}`);
}

/** Campaign dates whose cut instant lies inside the campaign and at or before `now`: the cuts that are due. */
export function dueCutDates(campaign: Campaign, now: Date): string[] {
  const start = Date.parse(campaign.start);
  const end = Date.parse(campaign.end);
  return campaignDates(campaign).filter((d) => {
    const at = cutInstant(campaign, d).getTime();
    return at >= start && at < end && at <= now.getTime();
  });
}

/**
 * The date live standings describe by default: the latest campaign date the history has data
 * for (the engine may not have today's levels yet), else the first campaign date.
 */
export function defaultStandingsDate(campaign: Campaign, history: Pick<LevelHistory, 'dates'>): string {
  const dates = campaignDates(campaign);
  const last = dates[dates.length - 1];
  let best = dates[0];
  for (const d of history.dates) if (d >= dates[0] && d <= last && d > best) best = d;
  return best;
}
