/**
 * API load from a second thread: the feeders (HTTP clients) run beside the server, not in its
 * event loop, as CDC machines would. Without this the benchmark would time the clients' own
 * JSON and HTTP work against the server's.
 */
import { Worker } from 'node:worker_threads';

export interface FeedOrder {
  url: string;
  token: string;
  /** Request bodies, each a JSON array of records. */
  bodies: string[];
  /** Requests in flight at once. */
  clients: number;
}

/** Sends every body with `clients` requests in flight; resolves with the seconds it took and the rows accepted. */
export function feed(order: FeedOrder): Promise<{ seconds: number; accepted: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-feeder-worker.mjs', import.meta.url), { workerData: order });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
