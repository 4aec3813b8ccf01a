import { setImmediate } from 'node:timers/promises';

import type { Rejection } from '../../core/cases/batch-plan.ts';
import type { IntakeKind } from '../../core/cases/records.ts';
import type { RawRow } from '../../core/cases/validate.ts';
import { type ValidatedPart, validatedParts } from '../../core/cases/validated-part.ts';
import type { Intake, Sender } from './intake.ts';

/** Rows per transaction when the caller does not say. */
const DEFAULT_BATCH = 20_000;

/**
 * How long an import holds the write lock at a time (ms): a transaction ends at the first part
 * boundary after this, however few rows it holds. A live feed writing beside the import (the
 * server's API, on SQLite's one write lock, or on PostgreSQL behind the file's bucket locks)
 * waits at most about one slice, its commit and the 40 ms SQLite leaves free between slices.
 * Measured by bench/live-writes.bench.ts (README, "Measured").
 */
export const DEFAULT_SLICE_MS = 200;

export interface ImportProgress {
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  /** Rows accepted with a remark on how their unit was read (a former district, an abolished ward). */
  noted: number;
  /** The first MAX_NOTES of them, by row: the sender checks the remark, the rest say the same things. */
  notes: Array<{ index: number; note: string }>;
}

/** Notes an import keeps listed; the count goes on. */
export const MAX_NOTES = 200;

export interface ImportOptions {
  channel: string;
  strictFields: boolean;
  importId?: string | null;
  /** Rows per transaction: big enough to amortise the commit, small enough that a crash loses little. */
  batchSize?: number;
  /**
   * Ends a transaction early, at the first part boundary after it has been open this long (ms),
   * so a bulk import holds the write lock per slice and live writers wait at most about this
   * long (0 or absent: slices of `batchSize` rows only).
   */
  sliceMs?: number;
  /** Called after each batch has COMMITTED, never before: progress shown is progress kept. */
  onBatch?: (progress: ImportProgress, rejected: readonly Rejection[]) => void | Promise<void>;
}

/**
 * Feeds rows to the intake in committed batches of `batchSize` rows (one transaction each),
 * validated here a part at a time while the transaction is open; used by upload jobs.
 */
export async function importRows(intake: Intake, kind: IntakeKind, rows: Iterable<RawRow>, sender: Sender, options: ImportOptions): Promise<ImportProgress> {
  const parts = validatedParts(kind, rows, intake.validationContext(sender, options), options.batchSize ?? DEFAULT_BATCH);
  return importParts(intake, kind, parts, sender, options);
}

/**
 * Commits parts of validated rows in batches of `batchSize` rows, or fewer when a transaction
 * has been open `sliceMs`, one transaction each (parts must not straddle two batches). Progress
 * is reported after each commit, never before.
 */
export async function importParts<K extends IntakeKind>(
  intake: Intake,
  kind: K,
  parts: Iterable<ValidatedPart<K>> | AsyncIterable<ValidatedPart<K>>,
  sender: Sender,
  options: ImportOptions,
): Promise<ImportProgress> {
  const size = options.batchSize ?? DEFAULT_BATCH;
  const progress: ImportProgress = { processed: 0, accepted: 0, unchanged: 0, rejected: 0, noted: 0, notes: [] };
  const source = Symbol.asyncIterator in parts ? parts[Symbol.asyncIterator]() : parts[Symbol.iterator]();
  const sliceMs = options.sliceMs ?? 0;
  // The last transaction's tail: from its last part to its commit (the cube, the audit, the
  // commit's sync). The next one stops taking parts that much earlier, so the whole transaction,
  // tail and all, stays near sliceMs.
  let tailMs = 0;
  for (;;) {
    // A batch's first part is in hand before its transaction opens: on SQLite the transaction
    // holds the one connection every other query waits for, and the reading thread may still be
    // parsing.
    const first = await source.next();
    if (first.done) break;
    let inBatch = first.value.size;
    let lastPart = 0;
    async function* batch(head: ValidatedPart<K>): AsyncGenerator<ValidatedPart<K>> {
      const opened = performance.now();
      try {
        yield head;
        while (inBatch < size) {
          if (sliceMs > 0 && performance.now() - opened >= sliceMs - tailMs) return;
          const next = await source.next();
          if (next.done) return;
          inBatch += next.value.size;
          yield next.value;
        }
      } finally {
        lastPart = performance.now();
      }
    }
    const answer = await intake.ingestParts(kind, batch(first.value), sender, options);
    tailMs = performance.now() - lastPart;
    progress.processed += inBatch;
    progress.accepted += answer.accepted;
    progress.unchanged += answer.unchanged;
    progress.rejected += answer.rejected.length;
    for (const n of answer.notes ?? []) {
      progress.noted++;
      if (progress.notes.length < MAX_NOTES) progress.notes.push(n);
    }
    await options.onBatch?.({ ...progress, notes: [...progress.notes] }, answer.outcome.rejected);
    // Let the event loop run between transactions: when the reading thread is ahead, every part
    // is already waiting and the import would go on as one chain of promises, never yielding to
    // the server's other requests.
    await setImmediate();
  }
  return progress;
}
