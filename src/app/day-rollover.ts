import { hostname } from 'node:os';

import { localDate } from '../core/time/local-date.ts';
import { appendOnce } from '../store/change-feed-store.ts';
import type { AppServices } from './services.ts';

export interface DayRolloverOptions {
  /** How often the clock is looked at (default every 10 s; the demo's fast clock wants less). */
  checkMs?: number;
}

/**
 * Time is a writer too: the first day a deployment's clock shows (Asia/Ho_Chi_Minh), and each
 * one after, is announced on the change feed as a `day` entry — once per deployment, however
 * many instances watch the clock, since the entry is claimed in the database. A new day can
 * turn wards green with no new data, and due official cuts follow it. Returns a function that stops it.
 */
export function watchDays(app: AppServices, options: DayRolloverOptions = {}): () => Promise<void> {
  const now = app.now ?? (() => new Date());
  const owner = `${hostname()}:${process.pid}`;
  let announced: string | null = null;
  let running: Promise<void> = Promise.resolve();
  const check = () => {
    running = running
      .then(async () => {
        const today = localDate(now());
        if (today === announced) return;
        await appendOnce(app.store.db, `day:${today}`, owner, 'day', { type: 'day.started', date: today });
        announced = today;
      })
      .catch((error) => console.error('day rollover:', (error as Error).message));
  };
  check();
  const timer = setInterval(check, options.checkMs ?? 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
