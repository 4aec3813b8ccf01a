import { type Kysely, sql } from 'kysely';

import type { CubeDeltaRows } from '../../../core/cases/cube-delta.ts';
import type { CaseRecord, DailyCount, IntakeKind, RecordOf, TestCount } from '../../../core/cases/records.ts';
import type { Setting } from '../../../core/cube/daily-facts.ts';
import { chunks } from '../../chunk.ts';
import type { Database } from '../../schema.ts';
import type { IntakeDialect } from '../dialect.ts';
import { type StoredRecords, storedRecords } from '../stored-records.ts';

/**
 * The intake on PostgreSQL: set-based Kysely queries, one round trip per chunk. Plain Kysely, so
 * it would also run on a SQLite store without a raw handle; every SQLite store has one.
 */
export function postgresIntake(tx: Kysely<Database>): IntakeDialect {
  return {
    lookup: (kind, keys, batch) => lookup(tx, kind, keys, batch),
    writeLedger: (kind, writes, batch, receivedAt) => writeLedger(tx, kind, writes, batch, receivedAt),
    writeRejects: async (kind, meta, batch, receivedAt, rejected) => {
      for (const part of chunks([...rejected], 200)) {
        await tx
          .insertInto('rejects')
          .values(
            part.map((r) => ({
              kind,
              channel: meta.channel,
              actor: meta.actor,
              scope: meta.scope,
              batch,
              import_id: meta.importId ?? null,
              received_at: receivedAt,
              position: r.index,
              record_id: r.id,
              record_key: r.key ?? null,
              raw: JSON.stringify(r.raw),
              errors: JSON.stringify(r.errors),
            })),
          )
          .execute();
      }
    },
    applyCube: (rows) => applyCube(tx, rows),
  };
}

/** Hash buckets per intake kind: record keys in different buckets are written by concurrent transactions. */
export const INTAKE_BUCKETS = 64;
const KIND_INDEX: Record<IntakeKind, number> = { cases: 0, tests: 1, counts: 2 };

/** The bucket of a record key (FNV-1a over its UTF-16 code units): the same in every process. */
export function intakeBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % INTAKE_BUCKETS;
}

/** What an intake transaction will write: every key of each kind it names (null: the whole kind, for a batch whose rows arrive later). */
export type IntakeLockSet = Map<IntakeKind, ReadonlySet<string> | null>;

/**
 * Locks what a transaction's batches touch, so that two concurrent batches with the same ids (a
 * client retrying while its first attempt still runs, two server instances) never both see
 * "new", while batches on other keys go on: the plan reads what is stored, then writes. One
 * transaction-scoped advisory lock per (kind, hash bucket of the record key), two-int keys
 * scoped to the schema, all taken at the transaction's start and in ascending order, so two
 * intake transactions can never deadlock on them. A batch read from a file in parts takes every
 * bucket of its kind: its keys are not known yet.
 */
export async function lockIntake(tx: Kysely<Database>, touched: IntakeLockSet): Promise<void> {
  const keys = new Set<number>();
  for (const [kind, recordKeys] of touched) {
    const base = KIND_INDEX[kind] * INTAKE_BUCKETS;
    if (recordKeys === null) for (let b = 0; b < INTAKE_BUCKETS; b++) keys.add(base + b);
    else for (const k of recordKeys) keys.add(base + intakeBucket(k));
  }
  if (keys.size === 0) return;
  const ordered = [...keys].sort((a, b) => a - b);
  // unnest … with ordinality, ordered: the locks are taken in this order (PostgreSQL evaluates a
  // volatile output column after ORDER BY).
  await sql`select pg_advisory_xact_lock(hashtext('vx.intake.' || current_schema()), t.b)
            from unnest(${ordered}::int4[]) with ordinality as t(b, n) order by t.n`.execute(tx);
}

async function lookup<K extends IntakeKind>(tx: Kysely<Database>, kind: K, keys: readonly string[], batch: string): Promise<StoredRecords<K>> {
  const { out, keep, keepCase } = storedRecords<K>(batch);
  if (kind === 'cases') {
    for (const part of chunks([...new Set(keys)], 1000)) {
      for (const row of await tx.selectFrom('case_records').selectAll().where('id', 'in', part).execute()) keepCase(row);
    }
    return out;
  }
  // Report keys are tuples; fetch by unit, keep the latest report per wanted key.
  const wanted = new Set(keys);
  const units = [...new Set(keys.map((k) => k.split('|')[0]))];
  for (const part of chunks(units, 500)) {
    if (kind === 'tests') {
      const rows = await tx
        .selectFrom('test_counts')
        .select(['unit_code', 'date', 'tested', 'positive', 'suspected', 'batch'])
        .where('unit_code', 'in', part)
        .orderBy('seq')
        .execute();
      for (const r of rows) {
        const key = `${r.unit_code}|${r.date}`;
        if (wanted.has(key))
          keep(
            key,
            {
              unit: r.unit_code,
              date: r.date,
              tested: Number(r.tested),
              positive: Number(r.positive),
              suspected: r.suspected === null ? null : Number(r.suspected),
            } as RecordOf[K],
            r.batch,
          );
      }
    } else {
      const rows = await tx
        .selectFrom('daily_counts')
        .select(['unit_code', 'date', 'setting', 'source_known', 'count', 'batch'])
        .where('unit_code', 'in', part)
        .orderBy('seq')
        .execute();
      for (const r of rows) {
        const key = `${r.unit_code}|${r.date}|${r.setting}|${Number(r.source_known)}`;
        if (wanted.has(key))
          keep(
            key,
            {
              unit: r.unit_code,
              date: r.date,
              setting: r.setting as Setting,
              sourceKnown: Number(r.source_known) === 1,
              count: Number(r.count),
            } as RecordOf[K],
            r.batch,
          );
      }
    }
  }
  return out;
}

async function writeLedger(tx: Kysely<Database>, kind: IntakeKind, writes: readonly unknown[], batch: string, receivedAt: string): Promise<void> {
  if (kind === 'cases') {
    for (const part of chunks(writes as CaseRecord[], 1000)) {
      await tx
        .insertInto('case_records')
        .values(
          part.map((r) => ({
            id: r.id,
            version: r.version,
            confirmed_date: r.confirmedDate,
            unit_code: r.unit,
            setting: r.setting,
            source_known: r.sourceKnown ? 1 : 0,
            source_place: r.sourcePlace,
            cluster: r.cluster,
            household: r.household,
            void: r.void ? 1 : 0,
            batch,
            received_at: receivedAt,
          })),
        )
        .execute();
    }
  } else if (kind === 'tests') {
    for (const part of chunks(writes as TestCount[], 1000)) {
      await tx
        .insertInto('test_counts')
        .values(
          part.map((r) => ({
            unit_code: r.unit,
            date: r.date,
            tested: r.tested,
            positive: r.positive,
            suspected: r.suspected ?? null,
            batch,
            received_at: receivedAt,
          })),
        )
        .execute();
    }
  } else {
    for (const part of chunks(writes as DailyCount[], 1000)) {
      await tx
        .insertInto('daily_counts')
        .values(
          part.map((r) => ({
            unit_code: r.unit,
            date: r.date,
            setting: r.setting,
            source_known: r.sourceKnown ? 1 : 0,
            count: r.count,
            batch,
            received_at: receivedAt,
          })),
        )
        .execute();
    }
  }
}

/** Orders rows by their key's fields, compared as strings (a boolean as 0 or 1). */
function byKey<T>(...fields: Array<keyof T>): (a: T, b: T) => number {
  const text = (v: unknown) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  return (a, b) => {
    for (const f of fields) {
      const x = text(a[f]);
      const y = text(b[f]);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

/**
 * Adds the deltas to the cube. Concurrent intake transactions (different record keys) update the
 * same cube rows — the city's, every district's — so each table is upserted in its primary key's
 * order: every transaction locks the rows it shares with another in the same order, and one
 * waits for the other instead of both deadlocking.
 */
async function applyCube(tx: Kysely<Database>, unordered: CubeDeltaRows): Promise<void> {
  const d: CubeDeltaRows = {
    cases: [...unordered.cases].sort(byKey('unit', 'date', 'setting', 'sourceKnown')),
    tests: [...unordered.tests].sort(byKey('unit', 'date')),
    clusters: [...unordered.clusters].sort(byKey('unit', 'date', 'cluster', 'sourceKnown')),
    sourcePlaces: [...unordered.sourcePlaces].sort(byKey('unit', 'date', 'place')),
    households: [...unordered.households].sort(byKey('unit', 'date', 'household')),
  };
  for (const part of chunks(d.cases, 1000)) {
    await tx
      .insertInto('cube_cases')
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, setting: r.setting, source_known: r.sourceKnown ? 1 : 0, cases: r.delta })))
      .onConflict((oc) => oc.columns(['unit_code', 'date', 'setting', 'source_known']).doUpdateSet({ cases: sql`cube_cases.cases + excluded.cases` }))
      .execute();
  }
  for (const part of chunks(d.tests, 1000)) {
    await tx
      .insertInto('cube_tests')
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, tested: r.tested, positive: r.positive, suspected: r.suspected })))
      .onConflict((oc) =>
        oc.columns(['unit_code', 'date']).doUpdateSet({
          tested: sql`cube_tests.tested + excluded.tested`,
          positive: sql`cube_tests.positive + excluded.positive`,
          // NULL in the delta: no report said anything of suspected cases here; the cell keeps what it had.
          suspected: sql`case when excluded.suspected is null then cube_tests.suspected else coalesce(cube_tests.suspected, 0) + excluded.suspected end`,
        }),
      )
      .execute();
  }
  for (const part of chunks(d.clusters, 1000)) {
    await tx
      .insertInto('cube_clusters')
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, cluster: r.cluster, source_known: r.sourceKnown ? 1 : 0, cases: r.delta })))
      .onConflict((oc) => oc.columns(['unit_code', 'date', 'cluster', 'source_known']).doUpdateSet({ cases: sql`cube_clusters.cases + excluded.cases` }))
      .execute();
  }
  for (const part of chunks(d.sourcePlaces, 1000)) {
    await tx
      .insertInto('cube_source_places')
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, place: r.place, cases: r.delta })))
      .onConflict((oc) => oc.columns(['unit_code', 'date', 'place']).doUpdateSet({ cases: sql`cube_source_places.cases + excluded.cases` }))
      .execute();
  }
  for (const part of chunks(d.households, 1000)) {
    await tx
      .insertInto('cube_households')
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, household: r.household, cases: r.delta })))
      .onConflict((oc) => oc.columns(['unit_code', 'date', 'household']).doUpdateSet({ cases: sql`cube_households.cases + excluded.cases` }))
      .execute();
  }
}
