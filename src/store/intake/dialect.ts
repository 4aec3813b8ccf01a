import type { BatchPlan, Rejection } from '../../core/cases/batch-plan.ts';
import type { CaseColumns } from '../../core/cases/case-columns.ts';
import type { ChainOf, CubeDeltaRows } from '../../core/cases/cube-delta.ts';
import type { IntakeKind } from '../../core/cases/records.ts';
import type { BatchMeta, OpenBatch } from './batch.ts';
import type { StoredRecords } from './stored-records.ts';

/** What planning one part yields, once its writes are in the ledger. */
export type PartPlan = Omit<BatchPlan<IntakeKind>, 'delta' | 'writes'>;

/**
 * How one database engine reads and writes a batch inside the intake transaction, as Kysely keeps
 * one folder per dialect: `sqlite/` binds prepared statements on the raw handle (per-row query
 * building would cost more than the insert), `postgres/` sends set-based Kysely queries, one round
 * trip per chunk. `commitBatches` holds what both share: the plan, the audit, the transaction.
 */
export interface IntakeDialect {
  /** Plans and writes a part of cases straight from its columns, where the dialect can (SQLite). */
  writeCaseColumns?(cases: CaseColumns, batch: OpenBatch, chainOf: ChainOf): PartPlan;
  /** The current stored record of each key (keys may repeat). */
  lookup<K extends IntakeKind>(kind: K, keys: readonly string[], batch: string): StoredRecords<K> | Promise<StoredRecords<K>>;
  /** `receivedAt`: the instant the rows arrived (ISO UTC, the intake's clock), kept on every ledger row. */
  writeLedger(kind: IntakeKind, writes: readonly unknown[], batch: string, receivedAt: string): void | Promise<void>;
  writeRejects(kind: IntakeKind, meta: BatchMeta, batch: string, receivedAt: string, rejected: readonly Rejection[]): void | Promise<void>;
  /** Adds the batch's delta rows to the cube tables. */
  applyCube(rows: CubeDeltaRows): void | Promise<void>;
}
