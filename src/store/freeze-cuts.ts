import type { Kysely } from 'kysely';
import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates, cutInstant, dueCutDates } from '../core/campaign/campaign-clock.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { computeOfficialCut } from '../core/campaign/official-cut.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { freezeCut, getCut, loadCommunityCases, type StoredCut } from './campaign-store.ts';
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
  const dates = campaignDates(campaign);
  let cases: Awaited<ReturnType<typeof loadCommunityCases>> | null = null;
  const frozen: StoredCut[] = [];
  for (const group of campaign.groups) {
    let previous: StoredCut | null = null;
    for (const date of due) {
      const stored = await getCut(db, campaign.id, group, date);
      if (stored) {
        previous = stored;
        continue;
      }
      const at = cutInstant(campaign, date);
      cases ??= await loadCommunityCases(db, dates[0], dates[dates.length - 1]);
      const table = computeOfficialCut({ campaign, units: hierarchy, history: await levels(campaign.rulebook, at), cases, group, date, previous: previous?.table ?? null });
      previous = await freezeCut(db, campaign.id, table, at, now);
      frozen.push(previous);
    }
  }
  return frozen;
}
