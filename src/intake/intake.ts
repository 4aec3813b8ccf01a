import type { Bus } from '../bus/bus.ts';
import { CHANNELS } from '../bus/bus.ts';
import type { Rejection } from '../core/cases/batch-plan.ts';
import { chainCache, type ChainOf } from '../core/cases/cube-delta.ts';
import type { FieldError, IntakeKind, RecordOf } from '../core/cases/records.ts';
import { UnitResolver } from '../core/cases/unit-resolver.ts';
import { validateRow, type RawRow } from '../core/cases/validate.ts';
import type { CubeChanged } from '../core/cube/daily-facts.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { localDate } from '../core/time/local-date.ts';
import type { Store } from '../store/database.ts';
import { commitBatch, type BatchOutcome } from '../store/intake-store.ts';

/** Who sends: the name the audit log keeps and the subtree they may write to (null: anywhere). */
export interface Sender {
  actor: string;
  scope: string | null;
}

export interface PendingBatch<K extends IntakeKind> {
  valid: Array<{ index: number; record: RecordOf[K] }>;
  invalid: Rejection[];
  size: number;
  add(row: RawRow): void;
}

export interface IngestOptions {
  channel: string;
  /** JSON senders must use canonical field names; spreadsheets map headers and drop unknown columns. */
  strictFields: boolean;
  importId?: string | null;
}

/** The answer every channel gives (DESIGN.md §6). */
export interface IngestAnswer {
  accepted: number;
  unchanged: number;
  rejected: Array<{ index: number; id: string | null; errors: FieldError[] }>;
}

/**
 * The one path every channel (API, upload, CLI) sends rows through: validate each row, commit
 * the batch with its cube deltas in one transaction, then tell the bus which units and dates
 * changed. Built for one geography; rebuild it when the geography is reloaded.
 */
export class Intake {
  private readonly resolver: UnitResolver;
  private readonly chainOf: ChainOf;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus | null,
    private readonly hierarchy: Hierarchy,
  ) {
    this.resolver = new UnitResolver(hierarchy);
    this.chainOf = chainCache((unit) => hierarchy.ancestorsOf(unit).map((u) => u.code));
  }

  async ingest<K extends IntakeKind>(kind: K, rows: readonly RawRow[], sender: Sender, options: IngestOptions): Promise<IngestAnswer & { outcome: BatchOutcome }> {
    const pending = this.pending(kind, sender, options);
    for (const row of rows) pending.add(row);
    return this.commit(kind, pending, sender, options);
  }

  /**
   * A batch being filled: rows are validated as they are added, so a bulk reader keeps only the
   * small validated records alive until the commit, not every parsed row.
   */
  pending<K extends IntakeKind>(kind: K, sender: Sender, options: IngestOptions): PendingBatch<K> {
    const ctx = {
      hierarchy: this.hierarchy,
      resolver: this.resolver,
      scopes: sender.scope === null ? null : [sender.scope],
      today: localDate(new Date()),
      strictFields: options.strictFields,
    };
    const batch: PendingBatch<K> = {
      valid: [],
      invalid: [],
      size: 0,
      add(row) {
        const v = validateRow(kind, row, ctx);
        if (v.ok) batch.valid.push(v);
        else batch.invalid.push({ index: v.index, id: v.id, errors: v.errors, raw: v.raw });
        batch.size++;
      },
    };
    return batch;
  }

  /** Commits a pending batch (one transaction), then tells the bus what changed. */
  async commit<K extends IntakeKind>(kind: K, batch: PendingBatch<K>, sender: Sender, options: IngestOptions): Promise<IngestAnswer & { outcome: BatchOutcome }> {
    const { valid, invalid } = batch;
    const outcome = await commitBatch(this.store, kind, valid, invalid, { actor: sender.actor, channel: options.channel, scope: sender.scope, importId: options.importId ?? null }, this.chainOf);
    if (outcome.touched && this.bus) {
      const event: CubeChanged = { type: 'cube.changed', units: outcome.touched.units, from: outcome.touched.from, to: outcome.touched.to, at: new Date().toISOString() };
      await this.bus.publish(CHANNELS.cube, { ...event });
    }
    return {
      accepted: outcome.accepted,
      unchanged: outcome.unchanged,
      rejected: outcome.rejected.map((r) => ({ index: r.index, id: r.id, errors: r.errors })),
      outcome,
    };
  }
}
