import { CHANNELS } from '../bus/bus.ts';
import { campaignDates, defaultStandingsDate } from '../core/campaign/campaign-clock.ts';
import { rankMoves, ranksOf } from '../core/campaign/official-cut.ts';
import { computeStandings } from '../core/campaign/standings.ts';
import { latestCut, listCampaigns, loadCommunityCases } from '../store/campaign-store.ts';
import { freezeDueCuts } from '../store/freeze-cuts.ts';
import type { AppContext } from './context.ts';

export interface CampaignWatchOptions {
  /** How often due official cuts are frozen (default every minute). */
  freezeEveryMs?: number;
  /** Quiet time after a levels event before live ranks are recomputed, so a burst makes one update (default 250 ms). */
  debounceMs?: number;
}

/**
 * Keeps campaigns moving while the server runs: freezes each official cut soon after its cut
 * instant (so its community case counts are the ones known then) and announces it, and after
 * the engine publishes levels recomputes live standings and announces rank moves on the
 * `standings` channel (`standings.changed`), which the SSE stream forwards. Needs
 * `ctx.levelHistory`; returns a function that stops it.
 */
export async function watchCampaigns(ctx: AppContext, options: CampaignWatchOptions = {}): Promise<() => Promise<void>> {
  const lastRanks = new Map<string, Map<string, number>>();
  let running: Promise<void> = Promise.resolve();
  // One pass at a time: a pass that starts while another runs waits for it.
  const serially = (pass: () => Promise<void>) => (running = running.then(pass).catch((error) => console.error('campaign watch:', error)));

  const freeze = () =>
    serially(async () => {
      const levels = ctx.levelHistory;
      if (!levels) return;
      for (const campaign of await listCampaigns(ctx.store.db)) {
        for (const cut of await freezeDueCuts(ctx.store.db, campaign, ctx.geography().hierarchy, levels, ctx.now?.())) {
          await ctx.bus.publish(CHANNELS.standings, { type: 'standings.cut', campaign: campaign.id, group: cut.group, date: cut.date, cutAt: cut.cutAt });
        }
      }
    });

  const recompute = (announce: boolean) =>
    serially(async () => {
      const levels = ctx.levelHistory;
      if (!levels) return;
      const hierarchy = ctx.geography().hierarchy;
      for (const campaign of await listCampaigns(ctx.store.db)) {
        const history = await levels(campaign.rulebook);
        const date = defaultStandingsDate(campaign, history);
        const cases = await loadCommunityCases(ctx.store.db, campaignDates(campaign)[0], date);
        for (const group of campaign.groups) {
          const previous = await latestCut(ctx.store.db, campaign.id, group, date);
          const table = computeStandings({ campaign, units: hierarchy, history, cases, group, date, previousRanks: ranksOf(previous?.table ?? null) });
          const key = `${campaign.id}\u0000${group}`;
          const ranks = ranksOf(table);
          const moves = rankMoves(lastRanks.get(key) ?? new Map(), ranks);
          lastRanks.set(key, ranks);
          if (announce && moves.length) {
            await ctx.bus.publish(CHANNELS.standings, { type: 'standings.changed', campaign: campaign.id, group, date, moves });
          }
        }
      }
    });

  await recompute(false);
  await freeze();
  let timer: NodeJS.Timeout | null = null;
  const unsubscribe = await ctx.bus.subscribe(CHANNELS.levels, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void recompute(true), options.debounceMs ?? 250);
  });
  const interval = setInterval(() => void freeze(), options.freezeEveryMs ?? 60_000);
  interval.unref();
  return async () => {
    unsubscribe();
    clearInterval(interval);
    if (timer) clearTimeout(timer);
    await running;
  };
}
