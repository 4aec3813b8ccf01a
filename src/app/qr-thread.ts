import { Worker } from 'node:worker_threads';

import type { QrReading } from './qr-reader.ts';

/**
 * Reads an uploaded picture's QR code on a thread of its own (qr-worker.ts), so that a large or
 * hostile picture (a 12-megapixel photo of noise takes about 9 s to decode and search) holds no
 * request but its own. A few at a time; one that runs too long is stopped and reads as nothing.
 */

/** Compiled, the worker runs as JS; from source (tsx, vitest) through an entry that registers tsx first (validated-parts.ts does the same). */
const WORKER_SCRIPT = import.meta.url.endsWith('.ts') ? new URL('./qr-worker-entry.mjs', import.meta.url) : new URL('./qr-worker.js', import.meta.url);
/** Pictures read at once by this server; more are refused with 503 and Retry-After. */
export const QR_THREADS = 2;
/** Longer than any real picture takes (a phone photo: a few seconds). */
const TIMEOUT_MS = 30_000;
/** A 24-megapixel picture's pixels and the reader's copies fit well under this. */
const HEAP_MB = 512;

let running = 0;

/** Null when QR_THREADS pictures are already being read: the caller answers 503. */
export function readQrOffThread(bytes: Buffer): Promise<QrReading> | null {
  if (running >= QR_THREADS) return null;
  running++;
  return new Promise<QrReading>((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ kind: 'unread' });
    }, TIMEOUT_MS);
    worker.once('message', (reading: QrReading) => resolve(reading));
    // Out of memory or a crash in a decoder: the picture cannot be read, the server goes on.
    worker.once('error', () => resolve({ kind: 'format' }));
    worker.once('exit', () => {
      clearTimeout(timer);
      running--;
      reject(new Error('QR reading thread ended without an answer'));
    });
  });
}
