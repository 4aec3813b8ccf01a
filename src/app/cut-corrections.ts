import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { compareCutWithNow, type CutBackfill } from '../core/campaign/cut-backfill.ts';
import type { LevelHistory, LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { computeOfficialCut } from '../core/campaign/official-cut.ts';
import type { StandingsTable } from '../core/campaign/standings.ts';
import { addDays } from '../core/time/local-date.ts';
import { getCut, loadCommunityCases } from '../store/campaign-store.ts';
import { feedPosition } from '../store/change-feed-store.ts';
import { CutNotFrozenError, issueCorrection, listCorrections, type StoredCorrection } from '../store/cut-corrections-store.ts';
import { type CutReader, latestOfficialCut, type OfficialCut } from './official-cuts.ts';

/**
 * The cut of `date` recomputed from what is known now: the levels as known now and the community
 * cases counted by now, ranks moved against the same previous cut the original was. What a
 * corrected cut stores, and what the original is compared with to detect a backfill.
 */
export async function cutAsKnownNow(app: CutReader, campaign: Campaign, levels: LevelHistoryProvider, group: string, date: string): Promise<StandingsTable> {
  const history = await levels(campaign.rulebook);
  return computeNow(app, campaign, levels, history, group, date);
}

async function computeNow(
  app: CutReader,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  history: LevelHistory,
  group: string,
  date: string,
): Promise<StandingsTable> {
  const dates = campaignDates(campaign);
  const previous = await latestOfficialCut(app, campaign, levels, group, addDays(date, -1));
  const cases = await loadCommunityCases(app.store.db, dates[0], dates[dates.length - 1]);
  return computeOfficialCut({ campaign, units: app.geography().hierarchy, history, cases, group, date, previous: previous?.table ?? null });
}

/**
 * Comparisons already made, per view of the levels as known now (the provider hands out one
 * object until the engine publishes again) and per feed position (case counts, campaign and
 * geography changes all move it): a page that asks again for the same cut costs one query.
 */
const compared = new WeakMap<LevelHistory, Map<string, Promise<CutBackfill>>>();

/** Whether data that arrived after an official cut changes what it would say now (a backfill). */
export async function cutBackfill(app: CutReader, campaign: Campaign, levels: LevelHistoryProvider, cut: OfficialCut): Promise<CutBackfill> {
  const history = await levels(campaign.rulebook);
  const key = `${campaign.id}\u0000${cut.group}\u0000${cut.date}\u0000${cut.cutAt}\u0000${await feedPosition(app.store.db)}`;
  let byKey = compared.get(history);
  if (!byKey) compared.set(history, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) {
    const computing = computeNow(app, campaign, levels, history, cut.group, cut.date).then((now) => compareCutWithNow(cut.table, now));
    computing.catch(() => byKey.get(key) === computing && byKey.delete(key));
    byKey.set(key, (result = computing));
  }
  return result;
}

/** What became of a request for a corrected cut. */
export type CorrectionOutcome =
  | { kind: 'issued'; correction: StoredCorrection }
  /** The cut is due but not frozen yet: there is no official record to correct. */
  | { kind: 'not-frozen' }
  /** What is known now gives the same standings as the cut (or its latest correction): nothing to correct. */
  | { kind: 'unchanged'; against: number | null };

/**
 * Issues a corrected cut of one group and date from the levels and cases as known now, beside
 * the original (never replacing it). Refused when the cut is not frozen, or when the standings
 * as known now are those the cut, or its latest correction, already states.
 */
export async function correctCut(
  app: CutReader,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  request: { group: string; date: string; reason: string; actor: string; role: string; channel: string },
): Promise<CorrectionOutcome> {
  const { group, date } = request;
  const original = await getCut(app.store.db, campaign.id, group, date);
  if (!original) return { kind: 'not-frozen' };
  const table = await cutAsKnownNow(app, campaign, levels, group, date);
  const earlier = await listCorrections(app.store.db, campaign.id, group, date);
  const latest = earlier[earlier.length - 1];
  if (!compareCutWithNow(latest?.table ?? original.table, table).detected) return { kind: 'unchanged', against: latest?.number ?? null };
  try {
    const correction = await issueCorrection(
      app.store.db,
      { campaign: campaign.id, table, reason: request.reason, actor: request.actor, role: request.role, channel: request.channel },
      app.now?.(),
    );
    return { kind: 'issued', correction };
  } catch (error) {
    if (error instanceof CutNotFrozenError) return { kind: 'not-frozen' };
    throw error;
  }
}
