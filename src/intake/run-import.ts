import type { IntakeKind } from '../core/cases/records.ts';
import type { RawRow } from '../core/cases/validate.ts';
import type { Intake, PendingBatch, Sender } from './intake.ts';
import type { Rejection } from '../core/cases/batch-plan.ts';

export interface ImportProgress {
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

export interface ImportOptions {
  channel: string;
  strictFields: boolean;
  importId?: string | null;
  /** Rows per transaction: big enough to amortise the commit, small enough that a crash loses little. */
  batchSize?: number;
  /** Called after each batch has COMMITTED, never before: progress shown is progress kept. */
  onBatch?: (progress: ImportProgress, rejected: readonly Rejection[]) => void | Promise<void>;
}

/**
 * Rows validated and planned together: enough to amortise the per-part work (one lookup
 * statement, one plan), few enough that a part's records die young and cost the garbage
 * collector almost nothing.
 */
const PART_ROWS = 4096;

/**
 * Feeds rows to the intake in committed batches of `batchSize` rows (one transaction each), read
 * a part at a time while the transaction is open; used by the CLI and by upload jobs.
 */
export async function importRows(intake: Intake, kind: IntakeKind, rows: Iterable<RawRow>, sender: Sender, options: ImportOptions): Promise<ImportProgress> {
  const size = options.batchSize ?? 20_000;
  const progress: ImportProgress = { processed: 0, accepted: 0, unchanged: 0, rejected: 0 };
  const source = rows[Symbol.iterator]();
  let exhausted = false;
  while (!exhausted) {
    let inBatch = 0;
    function* parts(): Generator<PendingBatch<typeof kind>> {
      while (inBatch < size && !exhausted) {
        const part = intake.pending(kind, sender, options);
        while (part.size < PART_ROWS && inBatch + part.size < size) {
          const next = source.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          part.add(next.value);
        }
        inBatch += part.size;
        if (part.size > 0) yield part;
      }
    }
    const answer = await intake.ingestParts(kind, parts(), sender, options);
    if (inBatch === 0) break;
    progress.processed += inBatch;
    progress.accepted += answer.accepted;
    progress.unchanged += answer.unchanged;
    progress.rejected += answer.rejected.length;
    await options.onBatch?.({ ...progress }, answer.outcome.rejected);
  }
  return progress;
}
