import type { Rejection } from './batch-plan.ts';
import type { IntakeKind, RecordOf } from './records.ts';
import { validateRow, type RawRow, type ValidationContext } from './validate.ts';

/** Some rows of a batch, validated: the records to write and the rows refused with their reasons. */
export interface ValidatedPart<K extends IntakeKind> {
  valid: Array<{ index: number; record: RecordOf[K] }>;
  invalid: Rejection[];
  /** Rows read, valid or not. */
  size: number;
}

/** A part being filled: rows are validated as they are added. */
export interface PendingPart<K extends IntakeKind> extends ValidatedPart<K> {
  add(row: RawRow): void;
}

/**
 * An empty part that validates rows as they are added, so a bulk reader keeps only the small
 * validated records alive, not every parsed row. Used by the intake and by a file's reading thread.
 */
export function pendingPart<K extends IntakeKind>(kind: K, ctx: ValidationContext): PendingPart<K> {
  const part: PendingPart<K> = {
    valid: [],
    invalid: [],
    size: 0,
    add(row) {
      const v = validateRow(kind, row, ctx);
      if (v.ok) part.valid.push(v);
      else part.invalid.push({ index: v.index, id: v.id, errors: v.errors, raw: v.raw });
      part.size++;
    },
  };
  return part;
}
