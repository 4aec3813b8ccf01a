import { Worker } from 'node:worker_threads';

import type { IntakeKind } from '../core/cases/records.ts';
import type { ValidatedPart } from '../core/cases/validated-part.ts';
import type { Unit } from '../core/geo/unit.ts';
import { CsvSyntaxError } from '../files/csv-rows.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { IntakeFileError, type IntakeFormat, MissingColumnsError } from '../files/intake-file.ts';
import { XlsxLimitExceeded, XlsxRejected } from '../files/xlsx-rows.ts';
import { ZipRejected } from '../files/zip-guard.ts';
import type { ReaderMessage, ReaderSetup, ReaderSource } from './validate-worker.ts';

export interface ValidatedFile<K extends IntakeKind> {
  format: IntakeFormat;
  /** Rows the file holds (estimated from lines for CSV and NDJSON), or null when unknown before reading (XLSX, JSON). */
  total: number | null;
  parts: AsyncGenerator<ValidatedPart<K>>;
  /** Stops the reading thread; call it when done, whether or not every part was read. */
  close(): Promise<void>;
}

/**
 * Parts the reading thread may run ahead of the writer: 16 parts (65,536 rows, a few MB of
 * columns) keep it reading while the writer ends a batch (cube upserts and commit, 0.1–0.2 s
 * for 100,000 rows here), so the next batch starts with parts waiting. With 4 the writer waited
 * for parts 0.25–0.33 s inside batches of a 1M-row import (three instrumented runs); with 24,
 * 0.08 s in one run and 0.34 s in a noisier one: chosen by that reasoning more than by a clear
 * measurement.
 */
const AHEAD = 16;

/** Heap of an upload's reading thread (MB): a 20 MB upload's sheet, its shared strings and a few parts fit in well under this. */
const UPLOAD_THREAD_HEAP_MB = 256;

/**
 * The reading thread's script. Compiled (dist/), the worker runs the compiled JS directly. From
 * source (tsx in development, vitest in tests) a worker does not inherit the TypeScript loader,
 * so it starts through validate-worker-entry.mjs, which registers tsx first (1–4 s more per
 * upload: the reason the product runs compiled).
 */
const WORKER_SCRIPT = import.meta.url.endsWith('.ts')
  ? new URL('./validate-worker-entry.mjs', import.meta.url)
  : new URL('./validate-worker.js', import.meta.url);

/**
 * Reads and validates a file on another thread, handing back parts of validated records in file
 * order, never more than AHEAD parts ahead of the consumer. A file that cannot be read fails
 * with the same errors as reading it here would (the first `next()` or a later one, where the
 * problem is).
 */
export async function readValidatedParts<K extends IntakeKind>(options: {
  source: ReaderSource;
  kind: K;
  units: Unit[];
  scope: string | null;
  today: string;
  batchSize: number;
}): Promise<ValidatedFile<K>> {
  const setup: ReaderSetup = { ...options, ahead: AHEAD };
  // An upload's thread gets a heap of its own size: V8 otherwise lets each thread's heap grow far
  // past what it holds before collecting, and two uploads read at once took the server past 1 GB
  // (bench/uploads.bench.ts). A file on disk (the CLI) may be far larger, and keeps the default.
  const resourceLimits = 'bytes' in options.source ? { maxOldGenerationSizeMb: UPLOAD_THREAD_HEAP_MB } : undefined;
  const worker = new Worker(WORKER_SCRIPT, { workerData: setup, resourceLimits });
  const inbox: ReaderMessage[] = [];
  let waiting: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (m: ReaderMessage) => {
    inbox.push(m);
    waiting?.();
  });
  worker.on('error', (e) => {
    failure = e;
    waiting?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the reading thread stopped (exit code ${code})`);
    waiting?.();
  });
  const receive = async (): Promise<ReaderMessage> => {
    while (inbox.length === 0) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (waiting = resolve));
      waiting = null;
    }
    const m = inbox.shift()!;
    if (m.type === 'error') throw asFileError(m);
    return m;
  };

  let first: ReaderMessage;
  try {
    first = await receive();
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  if (first.type !== 'start') throw new Error(`the reading thread sent ${first.type} before start`);

  async function* parts(): AsyncGenerator<ValidatedPart<K>> {
    for (;;) {
      const m = await receive();
      if (m.type === 'end') return;
      if (m.type !== 'part') continue;
      worker.postMessage({ credit: 1 });
      yield m.cases
        ? { valid: [], cases: m.cases, notes: m.notes, invalid: m.invalid, size: m.size }
        : { valid: m.records as ValidatedPart<K>['valid'], invalid: m.invalid, size: m.size };
    }
  }
  // Not in the generator's `finally`: a generator that never started (the first transaction
  // failed before asking for a part) skips it, and the thread would keep the process alive.
  const close = async () => void (await worker.terminate());
  return { format: first.format, total: first.total, parts: parts(), close };
}

/** The reading thread's error as the error class reading on this thread would have thrown. */
function asFileError(m: Extract<ReaderMessage, { type: 'error' }>): Error {
  if (m.name === 'EncodingError' && m.encoding) return new EncodingError(m.encoding.source, m.encoding.line);
  if (m.name === 'MissingColumnsError' && m.refusal) return new MissingColumnsError(m.message, m.refusal);
  if (m.name === 'XlsxLimitExceeded' && m.limit) return new XlsxLimitExceeded(m.limit.name, m.limit.max);
  const classes: Record<string, new (message: string) => Error> = { IntakeFileError, CsvSyntaxError, XlsxRejected, ZipRejected };
  const E = classes[m.name];
  return E ? new E(m.message) : new Error(m.message);
}
