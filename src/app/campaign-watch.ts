import { rankMoves, ranksOf } from '../core/campaign/official-cut.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { appendThrough } from '../store/change-feed-store.ts';
import { liveStandings } from './campaign-standings.ts';
import { freezeAllDueCuts } from './official-cuts.ts';
import type { AppServices } from './services.ts';

export interface CampaignWatchOptions {
  /** How often due official cuts are frozen (default every minute). */
  freezeEveryMs?: number;
  /** Quiet time after a levels event before live ranks are recomputed, so a burst makes one update (default 250 ms). */
  debounceMs?: number;
}

/**
 * Keeps campaigns moving while the server runs: freezes each official cut soon after its cut
 * instant (so its community case counts are the ones known then; freezing announces it), and
 * after levels are published (the feed's `levels` entries, from whichever instance) recomputes
 * live standings and announces rank moves on the feed (`standings.changed`), which the SSE
 * stream forwards. With several instances each one watches; the database lets only the first
 * freeze a cut or announce the moves of a feed position. Reading standings never freezes.
 * Needs `app.levelHistory`; returns a function that stops it.
 */
export async function watchCampaigns(app: AppServices, options: CampaignWatchOptions = {}): Promise<() => Promise<void>> {
  const lastRanks = new Map<string, Map<string, number>>();
  let running: Promise<void> = Promise.resolve();
  // One pass at a time: a pass that starts while another runs waits for it.
  const serially = (pass: () => Promise<void>) => (running = running.then(pass).catch((error) => console.error('campaign watch:', error)));

  const freeze = () =>
    serially(async () => {
      // A bulk load (a demo jump) has fed data the engine has not published yet: a cut frozen now
      // would hold stale levels for good. The load freezes its cuts itself once it has recomputed.
      if (app.feed.isPaused) return;
      await freezeAllDueCuts(app);
    });

  /** The last feed position whose levels the standings were recomputed from: what an announcement is "through". */
  let through = app.feed.position;
  const recompute = (announce: boolean) =>
    serially(async () => {
      const levels = app.levelHistory;
      if (!levels) return;
      for (const campaign of await listCampaigns(app.store.db)) {
        for (const group of campaign.groups) {
          const { table } = await liveStandings(app, campaign, levels, group);
          const key = `${campaign.id}\u0000${group}`;
          const ranks = ranksOf(table);
          const moves = rankMoves(lastRanks.get(key) ?? new Map(), ranks);
          lastRanks.set(key, ranks);
          if (announce && moves.length) {
            const payload = { type: 'standings.changed', campaign: campaign.id, group, date: table.date, moves };
            await appendThrough(app.store.db, `standings:${campaign.id}:${group}`, through, 'standings', payload);
          }
        }
      }
    });

  // Due cuts first: live standings measure rank changes from them.
  await freeze();
  await recompute(false);
  let timer: NodeJS.Timeout | null = null;
  const later = (id: number) => {
    through = Math.max(through, id);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void recompute(true), options.debounceMs ?? 250);
  };
  const stops = [
    app.feed.on('levels', (change) => later(change.id)),
    app.feed.on('campaign', (change) => later(change.id)),
    // A new day may make a cut due (the demo's clock runs days in minutes).
    app.feed.on('day', () => void freeze()),
  ];
  const interval = setInterval(() => void freeze(), options.freezeEveryMs ?? 60_000);
  interval.unref();
  return async () => {
    for (const stop of stops) stop();
    clearInterval(interval);
    if (timer) clearTimeout(timer);
    await running;
  };
}
