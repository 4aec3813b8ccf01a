import type { Campaign } from '../campaign/campaign.ts';

/**
 * The campaign a dashboard measures "since the campaign started" against: the one running at
 * `now`; else the latest that has started (its results still stand); else none. When two run at
 * once, the one that started last, as it is the one a committee is working on now.
 */
export function activeCampaign(campaigns: readonly Campaign[], now: Date): Campaign | null {
  const t = now.getTime();
  const started = campaigns.filter((c) => Date.parse(c.start) <= t).sort((a, b) => Date.parse(b.start) - Date.parse(a.start) || (a.id < b.id ? -1 : 1));
  return started.find((c) => t < Date.parse(c.end)) ?? started[0] ?? null;
}
