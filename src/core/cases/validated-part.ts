import type { Rejection } from './batch-plan.ts';
import type { CaseColumns } from './case-columns.ts';
import type { IntakeKind, RecordOf } from './records.ts';
import { type RawRow, validateRow, type ValidationContext } from './validate.ts';

/** Some rows of a batch, validated: the records to write and the rows refused with their reasons. */
export interface ValidatedPart<K extends IntakeKind> {
  /** A row's `note` says how its unit was read when that needs saying (a former district name). */
  valid: Array<{ index: number; record: RecordOf[K]; note?: string }>;
  /**
   * Valid cases as columns, in place of `valid` (then empty): how a file's reading thread hands
   * them over, and what the SQLite writer binds ledger rows from without an object per record.
   */
  cases?: CaseColumns;
  /** With `cases`: the notes of its valid rows, which the columns do not carry. */
  notes?: Array<{ index: number; note: string }>;
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
      else part.invalid.push({ index: v.index, id: v.id, errors: v.errors, raw: v.raw, key: v.key });
      part.size++;
    },
  };
  return part;
}

/**
 * Rows validated and planned together: enough to amortise the per-part work (one lookup
 * statement, one plan), few enough that a part's records die young and cost the garbage
 * collector almost nothing.
 */
export const PART_ROWS = 4096;

/**
 * Rows validated into parts of at most PART_ROWS that end on batch boundaries (every `batchSize`
 * rows), so a writer committing after each batch commits exactly `batchSize` rows.
 */
export function* validatedParts<K extends IntakeKind>(kind: K, rows: Iterable<RawRow>, ctx: ValidationContext, batchSize: number): Generator<ValidatedPart<K>> {
  let part = pendingPart(kind, ctx);
  let read = 0;
  for (const row of rows) {
    part.add(row);
    read++;
    if (part.size === PART_ROWS || read % batchSize === 0) {
      yield part;
      part = pendingPart(kind, ctx);
    }
  }
  if (part.size > 0) yield part;
}
