import type { Intake, Sender } from '../app/intake/intake.ts';
import type { RawRow } from '../core/cases/validate.ts';
import type { SimulatedRecord } from '../simulate/records.ts';
import { batchesWithoutRepeats, type ReplayBatch } from './replay-batches.ts';

export interface FeedSummary {
  records: number;
  batches: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

export const REPLAY_SENDER: Sender = { actor: 'demo-replay', scope: null };

/** The record as a sender would post it: the CaseRecord or TestCount fields, without the simulator's `kind` and `reportedAt`. */
function toRow(record: SimulatedRecord, index: number): RawRow {
  const { kind: _kind, reportedAt: _reportedAt, ...values } = record;
  return { index, values };
}

/**
 * Feeds records through the real intake path (validation, ledger, cube, audit, change feed), in batches that never hold a key twice, in the order given. A rejected
 * record is counted and left in the rejects table like any sender's.
 */
export async function feedRecords(intake: Intake, records: Iterable<SimulatedRecord>, onBatch?: (batch: ReplayBatch) => void): Promise<FeedSummary> {
  const summary: FeedSummary = { records: 0, batches: 0, accepted: 0, unchanged: 0, rejected: 0 };
  for (const batch of batchesWithoutRepeats(records)) {
    onBatch?.(batch);
    for (const [kind, rows] of [
      ['cases', batch.cases],
      ['tests', batch.tests],
    ] as const) {
      if (rows.length === 0) continue;
      const answer = await intake.ingest(kind, rows.map(toRow), REPLAY_SENDER, { channel: 'demo', strictFields: true });
      summary.accepted += answer.accepted;
      summary.unchanged += answer.unchanged;
      summary.rejected += answer.rejected.length;
      summary.records += rows.length;
    }
    summary.batches++;
  }
  return summary;
}
