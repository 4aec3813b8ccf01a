import type { IntakeKind } from '../core/cases/records.ts';
import type { RawRow } from '../core/cases/validate.ts';
import type { Intake, Sender } from './intake.ts';
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

/** Feeds rows to the intake in committed batches; used by the CLI and by upload jobs. */
export async function importRows(intake: Intake, kind: IntakeKind, rows: Iterable<RawRow>, sender: Sender, options: ImportOptions): Promise<ImportProgress> {
  const size = options.batchSize ?? 20_000;
  const progress: ImportProgress = { processed: 0, accepted: 0, unchanged: 0, rejected: 0 };
  let batch = intake.pending(kind, sender, options);
  const flush = async () => {
    if (batch.size === 0) return;
    const answer = await intake.commit(kind, batch, sender, options);
    progress.processed += batch.size;
    progress.accepted += answer.accepted;
    progress.unchanged += answer.unchanged;
    progress.rejected += answer.rejected.length;
    batch = intake.pending(kind, sender, options);
    await options.onBatch?.({ ...progress }, answer.outcome.rejected);
  };
  for (const row of rows) {
    batch.add(row);
    if (batch.size >= size) await flush();
  }
  await flush();
  return progress;
}
