import type { Selectable } from 'kysely';

import type { CaseRecord, IntakeKind, RecordOf } from '../../core/cases/records.ts';
import type { Setting, SourcePlace } from '../../core/cube/daily-facts.ts';
import type { CaseRecordTable } from '../schema.ts';

/** The current record per key, and which of those keys the batch being written wrote itself (in an earlier part). */
export interface StoredRecords<K extends IntakeKind> {
  current: Map<string, RecordOf[K]>;
  writtenByBatch: Set<string>;
}

/**
 * Collects what a lookup finds: `keep` records a key's current record (a later call wins), and
 * `keepCase` a stored case version unless a higher one is already kept, since every version of
 * an id comes back. `writtenByBatch` follows the kept record's batch. Both dialects' lookups use
 * it, so the highest-version rule lives in one place.
 */
export function storedRecords<K extends IntakeKind>(batch: string) {
  const out: StoredRecords<K> = { current: new Map(), writtenByBatch: new Set() };
  const keep = (key: string, record: RecordOf[K], from: string) => {
    out.current.set(key, record);
    if (from === batch) out.writtenByBatch.add(key);
    else out.writtenByBatch.delete(key);
  };
  const keepCase = (row: CaseRow & { batch: string }) => {
    const held = out.current.get(row.id) as CaseRecord | undefined;
    if (!held || Number(row.version) > held.version) keep(row.id, caseFromRow(row) as RecordOf[K], row.batch);
  };
  return { out, keep, keepCase };
}

/** A ledger row as read back (the batch it came in is not part of the record). */
export type CaseRow = Omit<Selectable<CaseRecordTable>, 'batch'>;

function caseFromRow(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    version: Number(r.version),
    confirmedDate: r.confirmed_date,
    unit: r.unit_code,
    setting: r.setting as Setting,
    sourceKnown: Number(r.source_known) === 1,
    sourcePlace: r.source_place as SourcePlace | null,
    cluster: r.cluster,
    household: r.household,
    void: Number(r.void) === 1,
  };
}
