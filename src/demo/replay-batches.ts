import type { SimulatedCase, SimulatedRecord, SimulatedTest } from '../simulate/records.ts';

/** What one intake round carries: cases and test counts, neither holding the same key twice. */
export interface ReplayBatch {
  cases: SimulatedCase[];
  tests: SimulatedTest[];
}

/** The key under which intake replaces one record by a later one: a case id, a ward and date for tests. */
export function intakeKey(record: SimulatedRecord): string {
  return record.kind === 'case' ? `c${record.id}` : `t${record.unit}|${record.date}`;
}

/**
 * Cuts records (already in reporting order) into batches that never hold the same key twice:
 * intake refuses a batch with two versions of one case (or two reports of one ward-day), and a
 * correction must land after what it corrects. A batch closes at the first repeated key or at
 * `maxSize` records, so order across batches is the reporting order.
 */
export function* batchesWithoutRepeats(records: Iterable<SimulatedRecord>, maxSize = 20_000): Generator<ReplayBatch> {
  let batch: ReplayBatch = { cases: [], tests: [] };
  let keys = new Set<string>();
  for (const record of records) {
    const key = intakeKey(record);
    if (keys.has(key) || keys.size >= maxSize) {
      yield batch;
      batch = { cases: [], tests: [] };
      keys = new Set();
    }
    keys.add(key);
    if (record.kind === 'case') batch.cases.push(record);
    else batch.tests.push(record);
  }
  if (keys.size > 0) yield batch;
}

/** Index of the first record reported after `instant` (records sorted by reportedAt): everything before it is due. */
export function dueUntil(records: readonly SimulatedRecord[], from: number, instant: string): number {
  let lo = from;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].reportedAt <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
