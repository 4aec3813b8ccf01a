import type { Kysely } from 'kysely';

import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates, cutInstant, dueCutDates } from '../core/campaign/campaign-clock.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { computeOfficialCut } from '../core/campaign/official-cut.ts';
import type { StandingsTable } from '../core/campaign/standings.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { freezeCut, frozenCutDates, getCut, listCampaigns, loadCommunityCases, type StoredCut } from '../store/campaign-store.ts';
import type { Database } from '../store/schema.ts';
import type { AppServices } from './services.ts';

/**
 * Freezes every official cut that is due by `now` and not yet frozen, oldest first, each from
 * the levels as published at its own cut instant. Because the engine keeps published levels
 * append-only, a cut frozen late (the server was down at 18:00) is the same as one frozen on
 * time. Community case counts come from the cube as known at freezing time (the cube keeps no
 * history), so freezing promptly keeps them closest to what was known at the cut.
 * Returns the cuts this call froze.
 */
export async function freezeDueCuts(
  db: Kysely<Database>,
  campaign: Campaign,
  hierarchy: Hierarchy,
  levels: LevelHistoryProvider,
  now = new Date(),
): Promise<StoredCut[]> {
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
      // Another instance may have frozen it meanwhile: the first one's stands, and is its to report.
      if (stored.frozenNow) frozen.push(stored);
    }
    // A group frozen earlier for this date is the previous cut of the next date.
    for (const group of campaign.groups) if (!groups.includes(group)) previous.delete(group);
  }
  return frozen;
}

/**
 * Freezes the due cuts of every campaign; each cut frozen is announced on the change feed
 * (`standings.cut`) by the transaction that froze it, so once whichever instance froze it. The
 * campaign watcher runs it; nothing on a read path does. Does nothing until the engine's levels
 * are connected.
 */
export async function freezeAllDueCuts(app: AppServices): Promise<StoredCut[]> {
  const levels = app.levelHistory;
  if (!levels) return [];
  const all: StoredCut[] = [];
  for (const campaign of await listCampaigns(app.store.db)) {
    all.push(...(await freezeDueCuts(app.store.db, campaign, app.geography().treeOn(campaignDates(campaign)[0]), levels, app.now?.())));
  }
  return all;
}

/** What reading official cuts needs of the application: its store, geography and clock (a CLI has them without a server). */
export type CutReader = Pick<AppServices, 'store' | 'geography' | 'now'>;

/** An official cut as readers see it: frozen, or due and computed as freezing will compute it. */
export interface OfficialCut {
  date: string;
  group: string;
  cutAt: string;
  table: StandingsTable;
}

/**
 * The dates of each group's official cuts a reader can ask for: those frozen, and those due by
 * now that the watcher has not frozen yet (it freezes within its interval).
 */
export async function officialCutDates(app: CutReader, campaign: Campaign): Promise<Map<string, string[]>> {
  const frozen = await frozenCutDates(app.store.db, campaign.id);
  const due = dueCutDates(campaign, app.now?.() ?? new Date());
  return new Map(campaign.groups.map((g) => [g, [...new Set([...(frozen.get(g) ?? []), ...due])].sort()]));
}

/**
 * The latest official cut of a group on or before `through`, or null. Reading never freezes: a
 * cut that is due but not frozen yet is computed the way freezing computes it (levels as
 * published at its cut instant, ranks moved against the cut before it), without storing it.
 */
export async function latestOfficialCut(
  app: CutReader,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  group: string,
  through: string,
): Promise<OfficialCut | null> {
  const dates = (await officialCutDates(app, campaign)).get(group) ?? [];
  const upTo = dates.filter((d) => d <= through);
  if (upTo.length === 0) return null;
  const date = upTo[upTo.length - 1];
  const stored = await getCut(app.store.db, campaign.id, group, date);
  if (stored) return stored;
  const before = upTo.length > 1 ? upTo[upTo.length - 2] : null;
  // Ranks do not depend on the cut before, so an unfrozen previous cut is computed bare: its rows
  // give this cut's rank changes and corrections exactly as its frozen version would.
  const previous =
    before === null
      ? null
      : ((await getCut(app.store.db, campaign.id, group, before))?.table ?? (await computeCut(app, campaign, levels, group, before, null)).table);
  return computeCut(app, campaign, levels, group, date, previous);
}

async function computeCut(
  app: CutReader,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  group: string,
  date: string,
  previous: StandingsTable | null,
): Promise<OfficialCut> {
  const at = cutInstant(campaign, date);
  const dates = campaignDates(campaign);
  const cases = await loadCommunityCases(app.store.db, dates[0], dates[dates.length - 1]);
  const history = await levels(campaign.rulebook, at);
  const table = computeOfficialCut({ campaign, units: app.geography().treeOn(campaignDates(campaign)[0]), history, cases, group, date, previous });
  return { date, group, cutAt: at.toISOString(), table };
}
