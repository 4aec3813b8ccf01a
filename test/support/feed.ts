import { ChangeFeed } from '../../src/app/change-feed.ts';
import { RiskService, type RiskServiceOptions } from '../../src/app/risk-service.ts';
import { appendChange } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';

/** A risk service over its own change feed, following it as a server does. */
export async function startRisk(options: Omit<RiskServiceOptions, 'feed'>): Promise<RiskService & { feed: ChangeFeed }> {
  const feed = await ChangeFeed.open({ store: options.store, pollMs: 20 });
  const service = await RiskService.start({ ...options, feed });
  await feed.follow();
  const close = service.close.bind(service);
  service.close = async () => {
    await feed.close();
    await close();
  };
  return Object.assign(service, { feed });
}

/** What intake appends after committing cube rows: tests that write the cube by hand announce it so. */
export async function announceCube(store: Store, units: string[], from: string, to: string): Promise<number> {
  return writeTransaction(store.db, (tx) => appendChange(tx, 'cube', { units, from, to }));
}

/** Collects the payloads of a kind of feed entry as the feed hands them on. */
export function collect<T = Record<string, unknown>>(feed: ChangeFeed, kind: string): T[] {
  const out: T[] = [];
  feed.on(kind, (change) => void out.push(change.payload as T));
  return out;
}
