import { chainCache, type ChainOf } from '../../core/cases/cube-delta.ts';
import type { FieldError, IntakeKind } from '../../core/cases/records.ts';
import { UnitResolver } from '../../core/cases/unit-resolver.ts';
import type { RawRow, ValidationContext } from '../../core/cases/validate.ts';
import { pendingPart, type ValidatedPart } from '../../core/cases/validated-part.ts';
import type { Hierarchy } from '../../core/geo/hierarchy.ts';
import type { Unit } from '../../core/geo/unit.ts';
import { localDate } from '../../core/time/local-date.ts';
import type { Store } from '../../store/database.ts';
import type { BatchMeta, BatchOutcome, BatchPart } from '../../store/intake/batch.ts';
import { GroupCommit } from './group-commit.ts';

/** Who sends: the name the audit log keeps and the subtree they may write to (null: anywhere). */
export interface Sender {
  actor: string;
  scope: string | null;
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
  /** Accepted rows whose unit was read with a remark (a former district name); absent when none. */
  notes?: Array<{ index: number; note: string }>;
}

/**
 * The one path every channel (API, upload, CLI) sends rows through: validate each row, commit
 * the batch with its cube deltas in one transaction, which also appends to the change feed which
 * units and dates changed (every server follows it, whichever process wrote). Built for one
 * geography; rebuild it when the geography is reloaded.
 */
export class Intake {
  private readonly resolver: UnitResolver;
  private readonly chainOf: ChainOf;
  private readonly writer: GroupCommit;

  constructor(
    private readonly store: Store,
    private readonly hierarchy: Hierarchy,
    /**
     * The instant "today" is taken from, for refusing dates in the future, and each row's arrival
     * instant (`received_at`): the demo passes its simulated clock.
     */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.resolver = new UnitResolver(hierarchy);
    this.chainOf = chainCache((unit) => hierarchy.ancestorsOf(unit).map((u) => u.code));
    this.writer = new GroupCommit(store, this.chainOf, now);
  }

  /** Validates and commits one batch (an API request); batches arriving together share a transaction. */
  async ingest<K extends IntakeKind>(
    kind: K,
    rows: readonly RawRow[],
    sender: Sender,
    options: IngestOptions,
  ): Promise<IngestAnswer & { outcome: BatchOutcome }> {
    const pending = pendingPart(kind, this.validationContext(sender, options));
    for (const row of rows) pending.add(row);
    const outcome = await this.writer.submit({ kind, valid: pending.valid, invalid: pending.invalid, meta: batchMeta(sender, options) });
    const notes = pending.valid.flatMap((v) => (v.note === undefined ? [] : [{ index: v.index, note: v.note }]));
    return notes.length === 0 ? this.answer(outcome) : { ...this.answer(outcome), notes };
  }

  /**
   * Commits one batch that arrives in parts (a file, read a slice at a time while the
   * transaction is open), so a large batch never holds more than one part's rows in memory.
   */
  async ingestParts<K extends IntakeKind>(
    kind: K,
    parts: Iterable<ValidatedPart<K>> | AsyncIterable<ValidatedPart<K>>,
    sender: Sender,
    options: IngestOptions,
  ): Promise<IngestAnswer & { outcome: BatchOutcome }> {
    const meta = batchMeta(sender, options);
    const notes: Array<{ index: number; note: string }> = [];
    async function* asParts(): AsyncGenerator<BatchPart> {
      for await (const p of parts) {
        for (const v of p.valid) if (v.note !== undefined) notes.push({ index: v.index, note: v.note });
        if (p.notes) notes.push(...p.notes);
        yield { kind, valid: p.valid, cases: p.cases, invalid: p.invalid, meta };
      }
    }
    const answer = this.answer(await this.writer.stream(asParts()));
    return notes.length === 0 ? answer : { ...answer, notes };
  }

  /** The units this intake resolves names and scopes against, as plain data a reading thread can take. */
  units(): Unit[] {
    return [...this.hierarchy.byCode.values()].map(({ code, name, kind, parentCode, population, validFrom, validTo }) => ({
      code,
      name,
      kind,
      parentCode,
      population,
      validFrom,
      validTo,
    }));
  }

  /** Today's local date on this intake's clock: no row may be dated after it. */
  today(): string {
    return localDate(this.now());
  }

  /** What validating a sender's rows needs: the geography, the sender's scope, today. */
  validationContext(sender: Sender, options: IngestOptions): ValidationContext {
    return {
      hierarchy: this.hierarchy,
      resolver: this.resolver,
      scopes: sender.scope === null ? null : [sender.scope],
      today: this.today(),
      strictFields: options.strictFields,
    };
  }

  /** The sender's answer for a committed batch. */
  private answer(outcome: BatchOutcome): IngestAnswer & { outcome: BatchOutcome } {
    return {
      accepted: outcome.accepted,
      unchanged: outcome.unchanged,
      rejected: outcome.rejected.map((r) => ({ index: r.index, id: r.id, errors: r.errors })),
      outcome,
    };
  }
}

function batchMeta(sender: Sender, options: IngestOptions): BatchMeta {
  return { actor: sender.actor, channel: options.channel, scope: sender.scope, importId: options.importId ?? null };
}
