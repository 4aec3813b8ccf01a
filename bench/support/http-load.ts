/**
 * A keep-alive HTTP load loop on a thread of its own (the server under test keeps the main
 * thread's event loop to itself): `connections` requests in flight for `seconds`, each answer
 * read to its end. No load tool is installed (autocannon, wrk); this is the few lines they do.
 */
import { Worker } from 'node:worker_threads';

export interface LoadOrder {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Body bytes read (compressed, when the answers were). */
  bytes: number;
  errors: number;
  statuses: Record<string, number>;
}

export function load(order: LoadOrder): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load-worker.mjs', import.meta.url), { workerData: { headers: {}, ...order } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
