import type { Kysely } from 'kysely';
import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates, cutInstant, dueCutDates } from '../core/campaign/campaign-clock.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { computeOfficialCut } from '../core/campaign/official-cut.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { freezeCut, frozenCutDates, getCut, loadCommunityCases, type StoredCut } from './campaign-store.ts';
import type { Database } from './schema.ts';

/**
 * Freezes every official cut that is due by `now` and not yet frozen, oldest first, each from
 * the levels as published at its own cut instant. Because the engine keeps published levels
 * append-only, a cut frozen late (the server was down at 18:00) is the same as one frozen on
 * time. Community case counts come from the cube as known at freezing time (the cube keeps no
 * history), so freezing promptly keeps them closest to what was known at the cut.
 * Returns the cuts this call froze.
 */
export async function freezeDueCuts(db: Kysely<Database>, campaign: Campaign, hierarchy: Hierarchy, levels: LevelHistoryProvider, now = new Date()): Promise<StoredCut[]> {
  const due = dueCutDates(campaign, now);
  if (due.length === 0) return [];
  const frozenDates = await frozenCutDates(db, campaign.id);
  const missing = (group: string, date: string) => !frozenDates.get(group)?.has(date);
  if (!due.some((date) => campaign.groups.some((group) => missing(group, date)))) return [];
  const dates = campaignDates(campaign);
  const cases = await loadCommunityCases(db, dates[0], dates[dates.length - 1]);
  const frozen: StoredCut[] = [];
  const previous = new Map<string, StoredCut | null>();
  for (const [i, date] of due.entries()) {
    const groups = campaign.groups.filter((group) => missing(group, date));
    if (groups.length === 0) continue;
    const at = cutInstant(campaign, date);
    // One view of the levels per cut instant serves every group.
    const history = await levels(campaign.rulebook, at);
    for (const group of groups) {
      let before = previous.get(group);
      if (before === undefined) before = i > 0 ? await getCut(db, campaign.id, group, due[i - 1]) : null;
      const table = computeOfficialCut({ campaign, units: hierarchy, history, cases, group, date, previous: before?.table ?? null });
      const stored = await freezeCut(db, campaign.id, table, at, now);
      previous.set(group, stored);
      frozen.push(stored);
    }
    // A group frozen earlier for this date is the previous cut of the next date.
    for (const group of campaign.groups) if (!groups.includes(group)) previous.delete(group);
  }
  return frozen;
}
