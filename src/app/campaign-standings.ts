import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates, defaultStandingsDate } from '../core/campaign/campaign-clock.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { ranksOf } from '../core/campaign/official-cut.ts';
import { computeStandings, type StandingsTable } from '../core/campaign/standings.ts';
import { loadCommunityCases } from '../store/campaign-store.ts';
import { latestOfficialCut, officialCutDates } from './official-cuts.ts';
import type { AppServices } from './services.ts';

export interface Standings {
  table: StandingsTable;
  /** The official cut rank changes are measured from (its date), or null. */
  previousCut: string | null;
  /** Official standings: the instant of their cut; null for live ones. */
  cutAt: string | null;
}

/**
 * Live provisional standings of one group on a date (default: the latest campaign date the
 * engine has levels for), from the levels as known now, ranks moved against the latest official
 * cut on or before that date. The one computation the standings route and the campaign watcher
 * (which announces rank moves) share.
 */
export async function liveStandings(app: AppServices, campaign: Campaign, levels: LevelHistoryProvider, group: string, date?: string): Promise<Standings> {
  const history = await levels(campaign.rulebook);
  const on = date ?? defaultStandingsDate(campaign, history);
  const previous = await latestOfficialCut(app, campaign, levels, group, on);
  const cases = await loadCommunityCases(app.store.db, campaignDates(campaign)[0], on);
  const table = computeStandings({
    campaign,
    // The units of the campaign's period: a later tree (the 2025 communes) is not in its race.
    units: app.geography().treeOn(campaignDates(campaign)[0]),
    history,
    cases,
    group,
    date: on,
    previousRanks: ranksOf(previous?.table ?? null),
  });
  return { table, previousCut: previous?.date ?? null, cutAt: null };
}

/**
 * The official standings of one group: the cut of `date`, or the latest cut when no date is
 * given. Null when that cut is not due yet.
 */
export async function officialStandings(
  app: AppServices,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  group: string,
  date?: string,
): Promise<Standings | null> {
  const dates = campaignDates(campaign);
  const cut = await latestOfficialCut(app, campaign, levels, group, date ?? dates[dates.length - 1]);
  if (!cut || (date !== undefined && cut.date !== date)) return null;
  const earlier = ((await officialCutDates(app, campaign)).get(group) ?? []).filter((d) => d < cut.date);
  return { table: cut.table, previousCut: earlier[earlier.length - 1] ?? null, cutAt: cut.cutAt };
}
