import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { planBatch, type Rejection } from '../../core/cases/batch-plan.ts';
import { decodeCases } from '../../core/cases/case-columns.ts';
import { type ChainOf, CubeDelta, type CubeDeltaRows } from '../../core/cases/cube-delta.ts';
import { recordKey } from '../../core/cases/records.ts';
import { audit } from '../audit.ts';
import { appendChange } from '../change-feed-store.ts';
import type { Store } from '../database.ts';
import { closeRejects, openRejectKeys } from '../reject-store.ts';
import type { Database } from '../schema.ts';
import { writeTransaction } from '../write-transaction.ts';
import type { BatchMeta, BatchOutcome, BatchPart, OpenBatch } from './batch.ts';
import type { PartPlan } from './dialect.ts';
import { type IntakeLockSet, lockIntake, postgresIntake } from './postgres/postgres-intake.ts';
import { sqliteIntake } from './sqlite/sqlite-intake.ts';

/** Case ids kept in one audit entry's "replaced" list. */
const AUDIT_LIST_MAX = 1000;

/**
 * Commits batches in one transaction: the ledger rows (each with the instant it arrived), the cube
 * deltas for each record's unit and ancestors, the rejected rows with their reasons, the closing
 * of earlier rejects whose record has now landed (fixed and sent again), and an audit entry per
 * batch. Nothing is
 * acknowledged before this returns, so a crash loses only unacknowledged batches, and re-sending
 * them is safe because each plan sees what already landed (including earlier parts of the same
 * transaction). The cube is written once, for the sum of all batches: batches that touch the same
 * cells (every one touches the city) pay for each cell once.
 *
 * Parts may arrive asynchronously (a file read while the transaction is open): each part is
 * planned and written to the ledger as it comes, so only a part's rows are held in memory.
 *
 * The reads and writes go through the store's dialect (`sqlite/`, `postgres/`, see IntakeDialect);
 * what both share, the plan, the audit and the cube's emptied cells, stays here.
 */
/** The channel of a reject's fix sent through POST /rejects/{id}/resubmit. */
export const RESUBMIT_CHANNEL = 'api.resubmit';

export async function commitBatches(
  store: Store,
  given: Iterable<BatchPart> | AsyncIterable<BatchPart>,
  chainOf: ChainOf,
  /** When the batches arrived, on the intake's clock (the demo's simulated one): every row they write keeps it. */
  arrived: Date = new Date(),
): Promise<BatchOutcome[]> {
  const now = arrived.toISOString();
  const { parts, locks } = await lockSetOf(given);
  return writeTransaction(store.db, async (tx) => {
    // Batches on the same record keys one at a time (see lockIntake): SQLite has a single writer already.
    if (store.engine === 'postgres') await lockIntake(tx, locks);
    const dialect = store.sqlite ? sqliteIntake(store.sqlite) : postgresIntake(tx);
    const batches = new Map<BatchMeta, OpenBatch>();
    const openKeys = new Map<OpenBatch, Map<string, number[]>>();
    for await (const part of parts) {
      if (!locks.has(part.kind)) throw new Error(`a batch read in parts changed kind (${part.kind}) after its locks were taken`);
      let b = batches.get(part.meta);
      if (!b) {
        b = {
          id: `${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`,
          kind: part.kind,
          meta: part.meta,
          receivedAt: now,
          delta: new CubeDelta(chainOf),
          earlier: { unchanged: new Set(), refused: new Map() },
          accepted: 0,
          unchanged: 0,
          rejected: [],
          replaced: [],
        };
        batches.set(part.meta, b);
        // Read once per batch, after the batches before it in this transaction wrote theirs.
        openKeys.set(b, await openRejectKeys(tx, part.kind));
      }
      const { kind, meta } = part;
      let plan: PartPlan;
      if (dialect.writeCaseColumns && part.cases) plan = dialect.writeCaseColumns(part.cases, b, chainOf);
      else {
        const valid = part.cases ? decodeCases(part.cases) : part.valid;
        // Keys may repeat (a batch can name an id twice); both lookups tolerate that, and skipping a
        // 100,000-entry Set per batch is worth it.
        const keys = valid.map((v) => recordKey(kind, v.record));
        const stored = await dialect.lookup(kind, keys, b.id);
        const planned = planBatch(kind, valid, stored.current, chainOf, b.delta, { written: stored.writtenByBatch, ...b.earlier });
        await dialect.writeLedger(kind, planned.writes, b.id, now);
        plan = planned;
      }
      const rejected = plan.rejected.length === 0 ? part.invalid : [...part.invalid, ...plan.rejected].sort((x, y) => x.index - y.index);
      await dialect.writeRejects(kind, meta, b.id, now, rejected);
      const open = openKeys.get(b)!;
      if (open.size > 0) await closeRejectsOfLanded(tx, open, landedKeys(part, plan.rejected), b, now);
      // A row refused again (the same file sent twice, still wrong) supersedes its older reject:
      // the open list holds one entry per record, the latest attempt, and the older stays stored.
      // Not for a resubmitted reject (api.resubmit): its refused attempt is closed and the original stays open.
      if (open.size > 0 && rejected.length > 0 && meta.channel !== RESUBMIT_CHANNEL)
        await closeRejectsOfLanded(
          tx,
          open,
          rejected.flatMap((r) => (r.key ? [r.key] : [])),
          b,
          now,
        );
      b.accepted += plan.accepted;
      b.unchanged += plan.unchanged;
      for (const r of rejected) b.rejected.push(r);
      for (const id of plan.replaced) if (b.replaced.length < AUDIT_LIST_MAX) b.replaced.push(id);
    }
    const open = [...batches.values()];
    const total = open.length === 1 ? open[0].delta : new CubeDelta(chainOf);
    if (open.length > 1) for (const b of open) total.addAll(b.delta);
    const deltaRows = total.rows();
    await dialect.applyCube(deltaRows);
    if (hasNegative(deltaRows)) await dropZeroCells(tx, total.from!, total.to!);
    for (const b of open) {
      await audit(
        tx,
        {
          actor: b.meta.actor,
          channel: b.meta.channel,
          action: `intake.${b.kind}`,
          detail: {
            batch: b.id,
            receivedAt: now,
            importId: b.meta.importId ?? null,
            accepted: b.accepted,
            unchanged: b.unchanged,
            rejected: b.rejected.length,
            replaced: b.replaced,
            units: [...b.delta.units].slice(0, AUDIT_LIST_MAX),
            from: b.delta.from,
            to: b.delta.to,
          },
        },
        new Date(now),
      );
    }
    // Every server follows the feed: this is how the batch reaches their engines, whoever wrote it.
    if (!total.isEmpty()) await appendChange(tx, 'cube', { units: [...total.units].sort(), from: total.from!, to: total.to! });
    return open.map((b) => ({
      batch: b.id,
      accepted: b.accepted,
      unchanged: b.unchanged,
      rejected: b.rejected,
      touched: b.delta.isEmpty() ? null : { units: [...b.delta.units].sort(), from: b.delta.from!, to: b.delta.to! },
    }));
  });
}

/**
 * The record keys the parts will write, per kind, for lockIntake. Batches given whole (the API's)
 * name theirs; a batch whose parts arrive over time (a file) is known by its first part's kind
 * alone, which is taken here (it is in hand already) and handed back in front of the rest.
 */
async function lockSetOf(
  given: Iterable<BatchPart> | AsyncIterable<BatchPart>,
): Promise<{ parts: Iterable<BatchPart> | AsyncIterable<BatchPart>; locks: IntakeLockSet }> {
  const locks: IntakeLockSet = new Map();
  if (Symbol.iterator in given) {
    const parts = [...given];
    for (const part of parts) {
      let keys = locks.get(part.kind) as Set<string> | undefined;
      if (!keys) locks.set(part.kind, (keys = new Set()));
      if (part.cases) for (const id of part.cases.id) keys.add(id);
      else for (const v of part.valid) keys.add(recordKey(part.kind, v.record));
    }
    return { parts, locks };
  }
  const source = given[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) return { parts: [], locks };
  locks.set(first.value.kind, null);
  async function* again(): AsyncGenerator<BatchPart> {
    try {
      yield first.value as BatchPart;
      for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
    } finally {
      // A transaction that failed stops reading, as a for-await over the parts themselves would.
      await source.return?.();
    }
  }
  return { parts: again(), locks };
}

/**
 * The keys of a part's rows that landed, written or found unchanged: its valid rows but those the
 * plan refused (a stale version, a key twice in the batch), told apart by their row index.
 */
function landedKeys(part: BatchPart, refusedByPlan: readonly Rejection[]): string[] {
  const refused = new Set(refusedByPlan.map((r) => r.index));
  const keys: string[] = [];
  if (part.cases) {
    for (let i = 0; i < part.cases.count; i++) if (!refused.has(part.cases.index[i])) keys.push(part.cases.id[i]);
  } else for (const v of part.valid) if (!refused.has(v.index)) keys.push(recordKey(part.kind, v.record));
  return keys;
}

/** Closes the open rejects whose record has now landed, naming the batch (and import) that brought it. */
async function closeRejectsOfLanded(tx: Kysely<Database>, open: Map<string, number[]>, landed: readonly string[], b: OpenBatch, at: string): Promise<void> {
  const ids: number[] = [];
  for (const key of landed) {
    const found = open.get(key);
    if (found) {
      ids.push(...found);
      open.delete(key);
    }
  }
  if (ids.length > 0) await closeRejects(tx, ids, { at, actor: b.meta.actor, batch: b.id, importId: b.meta.importId ?? null });
}

function hasNegative(d: CubeDeltaRows): boolean {
  return (
    [d.cases, d.clusters, d.sourcePlaces, d.households].some((rows) => rows.some((r) => r.delta < 0)) || d.tests.some((r) => r.tested < 0 || r.positive < 0)
  );
}

/** The cube holds one row per non-zero key: a correction that empties a cell removes it. */
async function dropZeroCells(tx: Kysely<Database>, from: string, to: string): Promise<void> {
  for (const table of ['cube_cases', 'cube_clusters', 'cube_source_places', 'cube_households'] as const) {
    await tx.deleteFrom(table).where('cases', '=', 0).where('date', '>=', from).where('date', '<=', to).execute();
  }
  await tx.deleteFrom('cube_tests').where('tested', '=', 0).where('positive', '=', 0).where('date', '>=', from).where('date', '<=', to).execute();
}
