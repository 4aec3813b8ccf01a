import type { EarlierParts, Rejection } from '../../core/cases/batch-plan.ts';
import type { CaseColumns } from '../../core/cases/case-columns.ts';
import type { CubeDelta } from '../../core/cases/cube-delta.ts';
import type { IntakeKind, RecordOf } from '../../core/cases/records.ts';

export interface BatchMeta {
  actor: string;
  channel: string;
  /** The sender's scope root; null when unrestricted. */
  scope: string | null;
  importId?: string | null;
}

export interface BatchOutcome {
  batch: string;
  accepted: number;
  unchanged: number;
  rejected: Rejection[];
  /** What the cube gained or lost, for the change feed's `cube` entry; null when nothing changed. */
  touched: { units: string[]; from: string; to: string } | null;
}

/** Some validated rows of one batch. A batch may come in several parts (a file read in slices). */
export interface BatchPart<K extends IntakeKind = IntakeKind> {
  kind: K;
  valid: ReadonlyArray<{ index: number; record: RecordOf[K] }>;
  /** Valid cases as columns, in place of `valid` (a file's reading thread hands them over so). */
  cases?: CaseColumns;
  invalid: readonly Rejection[];
  /** Parts that share this object are one batch: one id, one audit entry, one outcome. */
  meta: BatchMeta;
}

/** A batch being written: what its parts added up to so far. */
export interface OpenBatch {
  id: string;
  kind: IntakeKind;
  meta: BatchMeta;
  /** When the batch arrived (ISO UTC, on the intake's clock): every ledger row it writes keeps it. */
  receivedAt: string;
  delta: CubeDelta;
  /** What earlier parts of this batch found unchanged or refused; `written` comes from the lookup (see EarlierParts). */
  earlier: Omit<EarlierParts<IntakeKind>, 'written'>;
  accepted: number;
  unchanged: number;
  rejected: Rejection[];
  replaced: string[];
}
