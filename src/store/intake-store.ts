import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import { planBatch, type BatchPlan, type EarlierParts, type Rejection } from '../core/cases/batch-plan.ts';
import { caseAt, decodeCases, NO_PLACE, REPEATED, SOURCE_KNOWN, VOID, type CaseColumns } from '../core/cases/case-columns.ts';
import { CubeDelta, type ChainOf, type CubeDeltaRows } from '../core/cases/cube-delta.ts';
import { recordKey, type CaseRecord, type DailyCount, type IntakeKind, type RecordOf, type TestCount } from '../core/cases/records.ts';
import { SETTINGS, SOURCE_PLACES, type Setting, type SourcePlace } from '../core/cube/daily-facts.ts';
import { audit } from './audit.ts';
import { chunks } from './chunk.ts';
import { manyRows, putRows, type ManyRows } from './many-rows.ts';
import { preparedPerHandle } from './prepared.ts';
import type { Store } from './database.ts';
import type { CaseRecordTable, Database } from './schema.ts';

export interface BatchMeta {
  actor: string;
  channel: string;
  /** The sender's scope root; null when unrestricted. */
  scope: string | null;
  importId?: string | null;
}

export interface BatchOutcome {
  batch: string;
  accepted: number;
  unchanged: number;
  rejected: Rejection[];
  /** What the cube gained or lost, for the CubeChanged event; null when nothing changed. */
  touched: { units: string[]; from: string; to: string } | null;
}

/** Some validated rows of one batch. A batch may come in several parts (a file read in slices). */
export interface BatchPart<K extends IntakeKind = IntakeKind> {
  kind: K;
  valid: ReadonlyArray<{ index: number; record: RecordOf[K] }>;
  /** Valid cases as columns, in place of `valid` (a file's reading thread hands them over so). */
  cases?: CaseColumns;
  invalid: readonly Rejection[];
  /** Parts that share this object are one batch: one id, one audit entry, one outcome. */
  meta: BatchMeta;
}

/** A batch being written: what its parts added up to so far. */
interface OpenBatch {
  id: string;
  kind: IntakeKind;
  meta: BatchMeta;
  delta: CubeDelta;
  /** What earlier parts of this batch found unchanged or refused; `written` comes from the lookup (see EarlierParts). */
  earlier: Omit<EarlierParts<IntakeKind>, 'written'>;
  accepted: number;
  unchanged: number;
  rejected: Rejection[];
  replaced: string[];
}

/** Case ids kept in one audit entry's "replaced" list. */
const AUDIT_LIST_MAX = 1000;

/**
 * Commits batches in one transaction: the ledger rows, the cube deltas for each record's unit
 * and ancestors, the rejected rows with their reasons, and an audit entry per batch. Nothing is
 * acknowledged before this returns, so a crash loses only unacknowledged batches, and re-sending
 * them is safe because each plan sees what already landed (including earlier parts of the same
 * transaction). The cube is written once, for the sum of all batches: batches that touch the same
 * cells (every one touches the city) pay for each cell once.
 *
 * Parts may arrive asynchronously (a file read while the transaction is open): each part is
 * planned and written to the ledger as it comes, so only a part's rows are held in memory.
 *
 * On SQLite the hot path uses prepared statements on the raw handle inside the Kysely transaction
 * (same connection, so the same transaction): per-row Kysely query building would cost more than
 * the insert itself. PostgreSQL uses set-based Kysely queries, one round trip per chunk.
 */
export async function commitBatches(store: Store, parts: Iterable<BatchPart> | AsyncIterable<BatchPart>, chainOf: ChainOf): Promise<BatchOutcome[]> {
  const now = new Date().toISOString();
  return store.db.transaction().execute(async (tx) => {
    // One intake writer at a time: the plan reads what is stored, so two concurrent batches with
    // the same ids (a client retrying while its first attempt is still running, or two server
    // instances) must not both see "new". SQLite has a single writer already; PostgreSQL gets a
    // transaction-scoped advisory lock, released at commit or rollback.
    if (store.engine === 'postgres') await sql`select pg_advisory_xact_lock(${INTAKE_LOCK})`.execute(tx);
    const raw = store.sqlite ? statements(store.sqlite) : null;
    const batches = new Map<BatchMeta, OpenBatch>();
    for await (const part of parts) {
      let b = batches.get(part.meta);
      if (!b) {
        b = { id: `${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`, kind: part.kind, meta: part.meta, delta: new CubeDelta(chainOf), earlier: { unchanged: new Set(), refused: new Map() }, accepted: 0, unchanged: 0, rejected: [], replaced: [] };
        batches.set(part.meta, b);
      }
      const { kind, meta } = part;
      let plan: Omit<BatchPlan<IntakeKind>, 'delta' | 'writes'>;
      if (raw && part.cases) plan = writeCaseColumnsSqlite(raw, part.cases, b, chainOf);
      else {
        const valid = part.cases ? decodeCases(part.cases) : part.valid;
        // Keys may repeat (a batch can name an id twice); both lookups tolerate that, and skipping a
        // 100,000-entry Set per batch is worth it.
        const keys = valid.map((v) => recordKey(kind, v.record));
        const stored = raw ? lookupSqlite(raw, kind, keys, b.id) : await lookupKysely(tx, kind, keys, b.id);
        const planned = planBatch(kind, valid, stored.current, chainOf, b.delta, { written: stored.writtenByBatch, ...b.earlier });
        if (raw) writeLedgerSqlite(raw, kind, planned.writes, b.id);
        else await writeLedgerKysely(tx, kind, planned.writes, b.id);
        plan = planned;
      }
      const rejected = plan.rejected.length === 0 ? part.invalid : [...part.invalid, ...plan.rejected].sort((x, y) => x.index - y.index);
      if (raw) {
        for (const r of rejected) raw.reject.run(kind, meta.channel, meta.actor, meta.scope, b.id, meta.importId ?? null, now, r.index, r.id, JSON.stringify(r.raw), JSON.stringify(r.errors));
      } else {
        for (const part of chunks([...rejected], 200)) {
          await tx
            .insertInto('rejects')
            .values(part.map((r) => ({ kind, channel: meta.channel, actor: meta.actor, scope: meta.scope, batch: b.id, import_id: meta.importId ?? null, received_at: now, position: r.index, record_id: r.id, raw: JSON.stringify(r.raw), errors: JSON.stringify(r.errors) })))
            .execute();
        }
      }
      b.accepted += plan.accepted;
      b.unchanged += plan.unchanged;
      for (const r of rejected) b.rejected.push(r);
      for (const id of plan.replaced) if (b.replaced.length < AUDIT_LIST_MAX) b.replaced.push(id);
    }
    const open = [...batches.values()];
    let total = open.length === 1 ? open[0].delta : new CubeDelta(chainOf);
    if (open.length > 1) for (const b of open) total.addAll(b.delta);
    const deltaRows = total.rows();
    if (raw) applyCubeSqlite(raw, deltaRows);
    else await applyCubeKysely(tx, deltaRows);
    if (hasNegative(deltaRows)) await dropZeroCells(tx, total.from!, total.to!);
    for (const b of open) {
      await audit(
        tx,
        {
          actor: b.meta.actor,
          channel: b.meta.channel,
          action: `intake.${b.kind}`,
          detail: {
            batch: b.id, importId: b.meta.importId ?? null, accepted: b.accepted, unchanged: b.unchanged, rejected: b.rejected.length,
            replaced: b.replaced, units: [...b.delta.units].slice(0, AUDIT_LIST_MAX), from: b.delta.from, to: b.delta.to,
          },
        },
        new Date(now),
      );
    }
    return open.map((b) => ({
      batch: b.id,
      accepted: b.accepted,
      unchanged: b.unchanged,
      rejected: b.rejected,
      touched: b.delta.isEmpty() ? null : { units: [...b.delta.units].sort(), from: b.delta.from!, to: b.delta.to! },
    }));
  });
}

/** Advisory lock key for intake writes on PostgreSQL ("VXIN"). */
const INTAKE_LOCK = 0x5658494e;

// ── SQLite: prepared statements ────────────────────────────────────────────

type Statements = ReturnType<typeof prepare>;
const statements = preparedPerHandle(prepare);

/**
 * An upsert that adds `sums` to the row already under `keys`: how every cube table takes a delta.
 * A batch's delta rows of one table have distinct keys, so no row of a many-row statement
 * conflicts with another of it.
 */
function cubeUpsert(db: SQLite.Database, table: string, keys: string[], sums: string[]): ManyRows {
  return manyRows(db, table, [...keys, ...sums], `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sums.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`);
}

function prepare(db: SQLite.Database) {
  return {
    // One statement per part: SQLite walks the primary key for each id in C, instead of one
    // JS-to-C round trip per row. Every stored version comes back and the caller keeps the
    // highest: asking SQLite for MAX(version) in a correlated subquery made it seek each id
    // twice and cost 4.5 times as much for ids it does not hold (0.61 against 0.14 µs an id),
    // which is every id of a fresh import.
    storedCases: db.prepare('SELECT c.* FROM json_each(?) AS k JOIN case_records AS c ON c.id = k.value'),
    currentTest: db.prepare('SELECT tested, positive, batch FROM test_counts WHERE unit_code = ? AND date = ? ORDER BY seq DESC LIMIT 1'),
    currentCount: db.prepare('SELECT count, batch FROM daily_counts WHERE unit_code = ? AND date = ? AND setting = ? AND source_known = ? ORDER BY seq DESC LIMIT 1'),
    insertCases: manyRows(db, 'case_records', ['id', 'version', 'confirmed_date', 'unit_code', 'setting', 'source_known', 'source_place', 'cluster', 'household', 'void', 'batch']),
    insertTest: db.prepare('INSERT INTO test_counts (unit_code, date, tested, positive, batch) VALUES (?,?,?,?,?)'),
    insertCount: db.prepare('INSERT INTO daily_counts (unit_code, date, setting, source_known, count, batch) VALUES (?,?,?,?,?,?)'),
    cubeCases: cubeUpsert(db, 'cube_cases', ['unit_code', 'date', 'setting', 'source_known'], ['cases']),
    cubeTests: cubeUpsert(db, 'cube_tests', ['unit_code', 'date'], ['tested', 'positive']),
    cubeClusters: cubeUpsert(db, 'cube_clusters', ['unit_code', 'date', 'cluster', 'source_known'], ['cases']),
    cubePlaces: cubeUpsert(db, 'cube_source_places', ['unit_code', 'date', 'place'], ['cases']),
    cubeHouseholds: cubeUpsert(db, 'cube_households', ['unit_code', 'date', 'household'], ['cases']),
    reject: db.prepare(
      'INSERT INTO rejects (kind, channel, actor, scope, batch, import_id, received_at, position, record_id, raw, errors) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    ),
  };
}

/** The current record per key, and which of those keys the batch being written wrote itself (in an earlier part). */
interface StoredRecords<K extends IntakeKind> {
  current: Map<string, RecordOf[K]>;
  writtenByBatch: Set<string>;
}

/**
 * Collects what a lookup finds: `keep` records a key's current record (a later call wins), and
 * `keepCase` a stored case version unless a higher one is already kept, since every version of
 * an id comes back. `writtenByBatch` follows the kept record's batch.
 */
function storedRecords<K extends IntakeKind>(batch: string) {
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

function lookupSqlite<K extends IntakeKind>(s: Statements, kind: K, keys: readonly string[], batch: string): StoredRecords<K> {
  const { out, keep, keepCase } = storedRecords<K>(batch);
  if (kind === 'cases') {
    // Rows repeat when a key does (json_each yields it twice); keepCase keeps the highest version.
    for (const row of s.storedCases.all(JSON.stringify(keys)) as Array<CaseRow & { batch: string }>) keepCase(row);
    return out;
  }
  for (const key of new Set(keys)) {
    if (kind === 'tests') {
      const [unit, date] = key.split('|');
      const row = s.currentTest.get(unit, date) as { tested: number; positive: number; batch: string } | undefined;
      if (row) keep(key, { unit, date, tested: row.tested, positive: row.positive } as RecordOf[K], row.batch);
    } else {
      const [unit, date, setting, sk] = key.split('|');
      const row = s.currentCount.get(unit, date, setting, Number(sk)) as { count: number; batch: string } | undefined;
      if (row) keep(key, { unit, date, setting: setting as Setting, sourceKnown: sk === '1', count: row.count } as RecordOf[K], row.batch);
    }
  }
  return out;
}

function writeLedgerSqlite(s: Statements, kind: IntakeKind, writes: readonly unknown[], batch: string): void {
  if (kind === 'cases') {
    putRows(s.insertCases, writes as CaseRecord[], (a, at, r) => {
      a[at] = r.id;
      a[at + 1] = r.version;
      a[at + 2] = r.confirmedDate;
      a[at + 3] = r.unit;
      a[at + 4] = r.setting;
      a[at + 5] = r.sourceKnown ? 1 : 0;
      a[at + 6] = r.sourcePlace;
      a[at + 7] = r.cluster;
      a[at + 8] = r.household;
      a[at + 9] = r.void ? 1 : 0;
      a[at + 10] = batch;
    });
  } else if (kind === 'tests') {
    for (const r of writes as TestCount[]) s.insertTest.run(r.unit, r.date, r.tested, r.positive, batch);
  } else {
    for (const r of writes as DailyCount[]) s.insertCount.run(r.unit, r.date, r.setting, r.sourceKnown ? 1 : 0, r.count, batch);
  }
}

/**
 * One part of a file's cases, on SQLite, planned and written from its columns. Only the rows the
 * ledger rules must look at one by one go through planBatch as records: an id the ledger holds
 * (from an earlier batch or an earlier part of this one; an id this batch found unchanged or
 * refused is always one of those), or one that comes twice in this part (REPEATED). Every other row is
 * new, so the rules can only write it: it is counted into the cube and bound into the ledger
 * insert straight from the columns, with no object per record. On a fresh import that is every row.
 */
function writeCaseColumnsSqlite(s: Statements, c: CaseColumns, b: OpenBatch, chainOf: ChainOf): Omit<BatchPlan<'cases'>, 'delta' | 'writes'> {
  const stored = lookupSqlite(s, 'cases', c.id, b.id);
  const anyStored = stored.current.size > 0;
  const fresh: number[] = [];
  const byRules: Array<{ index: number; record: CaseRecord }> = [];
  for (let i = 0; i < c.count; i++) {
    if ((c.flags[i] & REPEATED) !== 0 || (anyStored && stored.current.has(c.id[i]))) byRules.push({ index: c.index[i], record: caseAt(c, i) });
    else {
      b.delta.addCaseAt(c, i, 1);
      fresh.push(i);
    }
  }
  const plan = planBatch('cases', byRules, stored.current, chainOf, b.delta, { written: stored.writtenByBatch, ...(b.earlier as Omit<EarlierParts<'cases'>, 'written'>) });
  putRows(s.insertCases, fresh, (a, at, i) => {
    const flags = c.flags[i];
    const place = c.place[i];
    a[at] = c.id[i];
    a[at + 1] = c.version[i];
    a[at + 2] = c.dates[c.date[i]];
    a[at + 3] = c.units[c.unit[i]];
    a[at + 4] = SETTINGS[c.setting[i]];
    a[at + 5] = flags & SOURCE_KNOWN ? 1 : 0;
    a[at + 6] = place === NO_PLACE ? null : SOURCE_PLACES[place];
    a[at + 7] = c.cluster[i];
    a[at + 8] = c.household[i];
    a[at + 9] = flags & VOID ? 1 : 0;
    a[at + 10] = b.id;
  });
  writeLedgerSqlite(s, 'cases', plan.writes, b.id);
  return { accepted: plan.accepted + fresh.length, unchanged: plan.unchanged, rejected: plan.rejected, replaced: plan.replaced };
}

function applyCubeSqlite(s: Statements, d: CubeDeltaRows): void {
  putRows(s.cubeCases, d.cases, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.setting;
    a[at + 3] = r.sourceKnown ? 1 : 0;
    a[at + 4] = r.delta;
  });
  putRows(s.cubeTests, d.tests, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.tested;
    a[at + 3] = r.positive;
  });
  putRows(s.cubeClusters, d.clusters, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.cluster;
    a[at + 3] = r.sourceKnown ? 1 : 0;
    a[at + 4] = r.delta;
  });
  putRows(s.cubePlaces, d.sourcePlaces, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.place;
    a[at + 3] = r.delta;
  });
  putRows(s.cubeHouseholds, d.households, (a, at, r) => {
    a[at] = r.unit;
    a[at + 1] = r.date;
    a[at + 2] = r.household;
    a[at + 3] = r.delta;
  });
}

/**
 * Only the SQLite writes of a batch (ledger rows, cube upserts) on their own, without the lookup,
 * the plan or the transaction around them: the import benchmark's write floor, which no import
 * writing on one connection can beat.
 */
export function sqliteBatchWrites(sqlite: SQLite.Database): { ledger(kind: IntakeKind, writes: readonly unknown[], batch: string): void; cube(rows: CubeDeltaRows): void } {
  const s = statements(sqlite);
  return { ledger: (kind, writes, batch) => writeLedgerSqlite(s, kind, writes, batch), cube: (rows) => applyCubeSqlite(s, rows) };
}

// ── Kysely (PostgreSQL, and SQLite without a raw handle) ───────────────────

async function lookupKysely<K extends IntakeKind>(tx: Transaction<Database>, kind: K, keys: readonly string[], batch: string): Promise<StoredRecords<K>> {
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
      const rows = await tx.selectFrom('test_counts').select(['unit_code', 'date', 'tested', 'positive', 'batch']).where('unit_code', 'in', part).orderBy('seq').execute();
      for (const r of rows) {
        const key = `${r.unit_code}|${r.date}`;
        if (wanted.has(key)) keep(key, { unit: r.unit_code, date: r.date, tested: Number(r.tested), positive: Number(r.positive) } as RecordOf[K], r.batch);
      }
    } else {
      const rows = await tx.selectFrom('daily_counts').select(['unit_code', 'date', 'setting', 'source_known', 'count', 'batch']).where('unit_code', 'in', part).orderBy('seq').execute();
      for (const r of rows) {
        const key = `${r.unit_code}|${r.date}|${r.setting}|${Number(r.source_known)}`;
        if (wanted.has(key)) keep(key, { unit: r.unit_code, date: r.date, setting: r.setting as Setting, sourceKnown: Number(r.source_known) === 1, count: Number(r.count) } as RecordOf[K], r.batch);
      }
    }
  }
  return out;
}

async function writeLedgerKysely(tx: Transaction<Database>, kind: IntakeKind, writes: readonly unknown[], batch: string): Promise<void> {
  if (kind === 'cases') {
    for (const part of chunks(writes as CaseRecord[], 1000)) {
      await tx
        .insertInto('case_records')
        .values(part.map((r) => ({ id: r.id, version: r.version, confirmed_date: r.confirmedDate, unit_code: r.unit, setting: r.setting, source_known: r.sourceKnown ? 1 : 0, source_place: r.sourcePlace, cluster: r.cluster, household: r.household, void: r.void ? 1 : 0, batch })))
        .execute();
    }
  } else if (kind === 'tests') {
    for (const part of chunks(writes as TestCount[], 1000)) {
      await tx.insertInto('test_counts').values(part.map((r) => ({ unit_code: r.unit, date: r.date, tested: r.tested, positive: r.positive, batch }))).execute();
    }
  } else {
    for (const part of chunks(writes as DailyCount[], 1000)) {
      await tx.insertInto('daily_counts').values(part.map((r) => ({ unit_code: r.unit, date: r.date, setting: r.setting, source_known: r.sourceKnown ? 1 : 0, count: r.count, batch }))).execute();
    }
  }
}

async function applyCubeKysely(tx: Transaction<Database>, d: CubeDeltaRows): Promise<void> {
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
      .values(part.map((r) => ({ unit_code: r.unit, date: r.date, tested: r.tested, positive: r.positive })))
      .onConflict((oc) => oc.columns(['unit_code', 'date']).doUpdateSet({ tested: sql`cube_tests.tested + excluded.tested`, positive: sql`cube_tests.positive + excluded.positive` }))
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

function hasNegative(d: CubeDeltaRows): boolean {
  return [d.cases, d.clusters, d.sourcePlaces, d.households].some((rows) => rows.some((r) => r.delta < 0)) || d.tests.some((r) => r.tested < 0 || r.positive < 0);
}

/** The cube holds one row per non-zero key: a correction that empties a cell removes it. */
async function dropZeroCells(tx: Kysely<Database>, from: string, to: string): Promise<void> {
  for (const table of ['cube_cases', 'cube_clusters', 'cube_source_places', 'cube_households'] as const) {
    await tx.deleteFrom(table).where('cases', '=', 0).where('date', '>=', from).where('date', '<=', to).execute();
  }
  await tx.deleteFrom('cube_tests').where('tested', '=', 0).where('positive', '=', 0).where('date', '>=', from).where('date', '<=', to).execute();
}

// ── rows ───────────────────────────────────────────────────────────────────

/** A ledger row as read back (the batch it came in is not part of the record). */
type CaseRow = Omit<Selectable<CaseRecordTable>, 'batch'>;

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
