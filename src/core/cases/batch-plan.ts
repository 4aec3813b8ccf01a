import { type ChainOf, CubeDelta } from './cube-delta.ts';
import {
  type AnyRecord,
  type CaseRecord,
  type DailyCount,
  type FieldError,
  type IntakeKind,
  recordKey,
  type RecordOf,
  sameRecord,
  type TestCount,
} from './records.ts';

export interface Rejection {
  index: number;
  id: string | null;
  errors: FieldError[];
  raw: Record<string, unknown>;
  /**
   * The key of the record the row would have written (recordKey), when the row says it clearly
   * enough (the case id; a count's unit, date, setting and source): that record landing later,
   * fixed and sent again, closes the reject. Absent when the row cannot tell (an unknown ward).
   */
  key?: string | null;
}

export interface BatchPlan<K extends IntakeKind> {
  /** New ledger rows (append-only: a replacement is a new row, the old one stays). */
  writes: Array<RecordOf[K]>;
  delta: CubeDelta;
  accepted: number;
  unchanged: number;
  rejected: Rejection[];
  /** Case ids whose stored version was replaced (a correction or a void), for the audit. */
  replaced: string[];
}

/**
 * What earlier parts of the same batch did with their keys, so that a batch read in parts follows
 * the rules of one batch planned whole: a key's first occurrence in the batch, wherever it fell,
 * is what a later occurrence is compared with.
 */
export interface EarlierParts<K extends IntakeKind> {
  /** Keys whose current stored record an earlier part wrote (the store finds these with its lookup). */
  written: ReadonlySet<string>;
  /**
   * Keys an earlier part found unchanged: their first occurrence is the stored record, which the
   * store's lookup gives again, so only the key is kept (a re-import of 100,000 rows would
   * otherwise hold every record until the commit). Filled in by planBatch.
   */
  unchanged: Set<string>;
  /**
   * First occurrences an earlier part refused: nothing in the store shows them, so the plan
   * remembers them here, part after part. Filled in by planBatch.
   */
  refused: Map<string, RecordOf[K]>;
}

/**
 * Decides, for valid rows of one batch, what the ledger does with each, given what it already
 * holds under the same keys (`stored`: the current record per key). Pure, so the rules that make
 * re-sending safe are tested without a database:
 * - same content again → unchanged, nothing written;
 * - cases: a higher version replaces, a lower one or the same version with other content is refused;
 * - tests and counts: a different report for the same key replaces the earlier one;
 * - the same key twice in one batch with different content is refused (which one did the sender mean?).
 */
export function planBatch<K extends IntakeKind>(
  kind: K,
  rows: ReadonlyArray<{ index: number; record: RecordOf[K] }>,
  stored: ReadonlyMap<string, RecordOf[K]>,
  chainOf: ChainOf,
  /** A delta to add to: a batch read in parts keeps one delta for all of them. */
  delta: CubeDelta = new CubeDelta(chainOf),
  /** For the second and later parts of one batch; absent for a batch planned whole. */
  earlierParts?: EarlierParts<K>,
): BatchPlan<K> {
  const plan: BatchPlan<K> = { writes: [], delta, accepted: 0, unchanged: 0, rejected: [], replaced: [] };
  const firstInBatch = new Map<string, RecordOf[K]>();
  for (const { index, record } of rows) {
    const key = recordKey(kind, record);
    const id = kind === 'cases' ? (record as CaseRecord).id : key;
    const earlier =
      firstInBatch.get(key) ??
      earlierParts?.refused.get(key) ??
      (earlierParts && (earlierParts.written.has(key) || earlierParts.unchanged.has(key)) ? stored.get(key) : undefined);
    if (earlier !== undefined) {
      if (sameRecord(kind, earlier, record)) plan.unchanged++;
      else {
        plan.rejected.push({
          index,
          id,
          key,
          raw: { ...record },
          errors: [
            {
              field: kind === 'cases' ? 'id' : 'date',
              code: 'duplicate_in_batch',
              message: `Trùng khóa ${id} trong cùng lô với nội dung khác / ${id} appears twice in this batch with different content`,
            },
          ],
        });
      }
      continue;
    }
    firstInBatch.set(key, record);
    // A key seen earlier in this batch never gets here, so `stored` is the whole history that matters.
    const held = stored.get(key);
    if (held !== undefined && sameRecord(kind, held, record)) {
      plan.unchanged++;
      earlierParts?.unchanged.add(key);
      continue;
    }
    if (kind === 'cases' && held !== undefined) {
      const h = held as CaseRecord;
      const c = record as CaseRecord;
      if (c.version <= h.version) {
        plan.rejected.push({
          index,
          id,
          key,
          raw: { ...record },
          errors: [
            c.version < h.version
              ? {
                  field: 'version',
                  code: 'stale_version',
                  message: `Phiên bản ${c.version} cũ hơn bản đã lưu (${h.version}) / version ${c.version} is older than the stored version ${h.version}`,
                }
              : {
                  field: 'version',
                  code: 'version_conflict',
                  message: `Phiên bản ${c.version} đã lưu với nội dung khác, hãy tăng version / version ${c.version} is already stored with other content: send a higher version`,
                },
          ],
        });
        earlierParts?.refused.set(key, record);
        continue;
      }
    }
    if (held !== undefined) {
      contribute(kind, plan.delta, held, -1);
      if (kind === 'cases') plan.replaced.push(id);
    }
    contribute(kind, plan.delta, record, 1);
    plan.writes.push(record);
    plan.accepted++;
  }
  return plan;
}

/** Adds (sign +1) or removes (sign -1) one record's share of the cube. */
export function contribute(kind: IntakeKind, delta: CubeDelta, record: AnyRecord, sign: 1 | -1): void {
  if (kind === 'cases') delta.addCase(record as CaseRecord, sign);
  else if (kind === 'tests') delta.addTest(record as TestCount, sign);
  else delta.addCount(record as DailyCount, sign);
}
