/**
 * Import benchmark (issue 3, budget in the README): N synthetic case records (real HCMC ward codes) as
 * NDJSON and CSV, imported through the CLI code path (`importFile`: read, validate, ledger,
 * cube roll-up to district and city, rejects, audit; committed in batches) into a fresh SQLite
 * file, in a process of its own as the CLI runs (bench/support/import-once.ts; start-up not
 * timed), beside the raw floor measured in the same run: parse the same file and insert the
 * same columns into a plain SQLite table, one prepared statement, one transaction.
 *
 * Then the ingest API: batches of 1,000 as JSON over HTTP to a real listening server on localhost.
 *
 *   npx tsx bench/import.bench.ts            # N = 1,000,000
 *   BENCH_N=200000 BENCH_API_N=50000 BENCH_ROUNDS=1 npx tsx bench/import.bench.ts
 *   BENCH_SYNC_ONLY=1 npx tsx bench/import.bench.ts    # only the synchronous = FULL against NORMAL import
 *
 * The end-to-end import runs with SQLite's synchronous = FULL (the default since issue 14: an
 * acknowledged batch survives a power loss); a line prints its cost beside NORMAL, same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as perfHooks } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import SQLite from 'better-sqlite3';

import { DEFAULT_FILE_BATCH } from '../src/app/intake/file-import.ts';
import { chainCache, CubeDelta } from '../src/core/cases/cube-delta.ts';
import type { CaseRecord } from '../src/core/cases/records.ts';
import { Hierarchy } from '../src/core/geo/hierarchy.ts';
import { csvRows } from '../src/files/csv-rows.ts';
import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import { buildApp } from '../src/server/app.ts';
import { createToken } from '../src/store/accounts-store.ts';
import { openStore } from '../src/store/database.ts';
import { loadUnits } from '../src/store/geography-store.ts';
import { sqliteBatchWrites } from '../src/store/intake/sqlite/sqlite-intake.ts';
import { feed } from './support/http-feeders.ts';
import { hcmcWardCodes } from './support/ward-codes.ts';
const { eventLoopUtilization } = perfHooks;

const N = Number(process.env.BENCH_N ?? 1_000_000);
if (!Number.isInteger(N) || N < 1000) throw new Error('BENCH_N must be an integer ≥ 1000');
const API_N = Number(process.env.BENCH_API_N ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'vx-bench-'));

const wards = hcmcWardCodes();
const SETTINGS = ['community', 'quarantine', 'lockdown', 'imported'];

/**
 * Deterministic synthetic cases over June–September 2021, one in ten with a household id.
 * `day` defaults to scattering consecutive records over all 120 days (the worst case for the
 * cube: no two neighbours share a cell); a live feed passes the day it is sending.
 */
function synthetic(i: number, day = 1 + (i % 120)) {
  const date = new Date(Date.UTC(2021, 5, day)).toISOString().slice(0, 10);
  return {
    id: `C${i}`,
    confirmedDate: date,
    unit: wards[(i * 7919) % wards.length],
    setting: SETTINGS[i % 7 === 0 ? 3 : i % 3],
    sourceKnown: i % 5 !== 0,
    household: i % 10 === 0 ? `H${i % 20_000}` : null,
  };
}

function writeFiles(): { ndjson: string; csv: string } {
  const ndjson = join(dir, 'cases.ndjson');
  const csv = join(dir, 'cases.csv');
  const nd: string[] = [];
  const cs: string[] = ['id,confirmedDate,unit,setting,sourceKnown,household'];
  for (let i = 0; i < N; i++) {
    const r = synthetic(i);
    nd.push(JSON.stringify(r));
    cs.push(`${r.id},${r.confirmedDate},${r.unit},${r.setting},${r.sourceKnown},${r.household ?? ''}`);
  }
  writeFileSync(ndjson, nd.join('\n') + '\n');
  writeFileSync(csv, cs.join('\n') + '\n');
  return { ndjson, csv };
}

async function freshDb(name: string) {
  const url = `sqlite:${join(dir, name)}`;
  const store = await openStore(url);
  await importGeoFiles(store.db, { units: hcmc2021Files().units }, 'bench', 'bench');
  return store;
}

/** CPU seconds of this process since `start`: steadier than wall time when other jobs share the machine. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

interface Rate {
  wall: number;
  cpu: number;
}

/** The import in a process of its own (bench/support/import-once.ts), as the CLI runs it; then its database is checked here. */
async function endToEnd(path: string, name: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<Rate> {
  const store = await freshDb(name);
  await store.close();
  const url = `sqlite:${join(dir, name)}`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/import-once.ts', import.meta.url)), url, path], {
    encoding: 'utf8',
    env: { ...process.env, VX_SQLITE_SYNCHRONOUS: synchronous },
  });
  if (child.status !== 0) throw new Error(`the import process failed (${child.status}): ${child.stderr}`);
  const run = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpuSeconds: number; accepted: number; rejected: number };
  if (run.accepted !== N || run.rejected !== 0) throw new Error(`expected ${N} accepted and none rejected, got ${child.stdout}`);
  // What landed, not only what the import says: every ledger row, and the cube's city total.
  const check = await openStore(url);
  const ledger = check.sqlite!.prepare('SELECT COUNT(*) AS n FROM case_records').get() as { n: number };
  const city = check.sqlite!.prepare("SELECT SUM(cases) AS n FROM cube_cases WHERE unit_code = '79'").get() as { n: number };
  await check.close();
  if (ledger.n !== N) throw new Error(`the ledger holds ${ledger.n} rows, expected ${N}`);
  if (city.n !== N) throw new Error(`cube holds ${city.n} cases at the city, expected ${N}`);
  return { wall: N / run.seconds, cpu: N / run.cpuSeconds };
}

/** Parse + plain insert of the same file into SQLite in one transaction: the floor. */
function rawFloor(path: string, format: 'ndjson' | 'csv', name: string): Rate {
  const db = new SQLite(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE cases (id TEXT, confirmed_date TEXT, unit_code TEXT, setting TEXT, source_known INTEGER, household TEXT)');
  const insert = db.prepare('INSERT INTO cases VALUES (?,?,?,?,?,?)');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const text = readFileSync(path, 'utf8');
  let n = 0;
  db.transaction(() => {
    if (format === 'ndjson') {
      let start = 0;
      while (start < text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        if (end > start) {
          const r = JSON.parse(text.slice(start, end));
          insert.run(r.id, r.confirmedDate, r.unit, r.setting, r.sourceKnown ? 1 : 0, r.household);
          n++;
        }
        start = end + 1;
      }
    } else {
      let header = true;
      for (const { cells } of csvRows(text)) {
        if (header) {
          header = false;
          continue;
        }
        insert.run(cells[0], cells[1], cells[2], cells[3], cells[4] === 'true' ? 1 : 0, cells[5] || null);
        n++;
      }
    }
  })();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(c0);
  db.close();
  if (n !== N) throw new Error(`floor read ${n} rows`);
  return { wall: N / seconds, cpu: N / cpu };
}

/**
 * The two reference floors the budgets were set against, measured on this machine: a
 * plain SQLite insert of N rows in one transaction (≈ 1.0 s for 1M there) and reading + parsing
 * the NDJSON file (≈ 0.75 s). Their ratio to those figures says how this machine compares with
 * the one the 300,000/s budget was set on.
 */
function designFloors(ndjson: string, name: string): { insert: number; parse: number } {
  const db = new SQLite(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id TEXT, confirmed_date TEXT, unit_code TEXT, setting TEXT, source_known INTEGER, household TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?,?,?,?,?,?)');
  let t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(`C${i}`, '2021-07-01', '26740', 'community', 1, null);
  })();
  const inserted = (performance.now() - t0) / 1000;
  db.close();
  t0 = performance.now();
  const text = readFileSync(ndjson, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) JSON.parse(text.slice(start, end));
    start = end + 1;
  }
  return { insert: inserted, parse: (performance.now() - t0) / 1000 };
}

/**
 * The writing connection's floor: only the SQLite writes the import makes for the same records
 * (ledger rows, cube upserts rolled up to district and city, one commit per batch of
 * DEFAULT_FILE_BATCH), with the records built and the cube changes summed before the clock
 * starts. The import writes on one connection, so it cannot beat this, whatever the other thread does.
 */
async function writeFloor(name: string): Promise<Rate> {
  const store = await freshDb(name);
  const hierarchy = new Hierarchy(await loadUnits(store.db));
  const chainOf = chainCache((unit) => hierarchy.ancestorsOf(unit).map((u) => u.code));
  const batches: Array<{ records: CaseRecord[]; cube: ReturnType<CubeDelta['rows']> }> = [];
  for (let b = 0; b < N; b += DEFAULT_FILE_BATCH) {
    const records: CaseRecord[] = [];
    const delta = new CubeDelta(chainOf);
    for (let i = b; i < Math.min(N, b + DEFAULT_FILE_BATCH); i++) {
      const r = synthetic(i);
      const record: CaseRecord = {
        id: r.id,
        version: 1,
        confirmedDate: r.confirmedDate,
        unit: r.unit,
        setting: r.setting as CaseRecord['setting'],
        sourceKnown: r.sourceKnown,
        sourcePlace: null,
        cluster: null,
        household: r.household,
        void: false,
      };
      records.push(record);
      delta.addCase(record, 1);
    }
    batches.push({ records, cube: delta.rows() });
  }
  const sqlite = store.sqlite!;
  const writes = sqliteBatchWrites(sqlite);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  batches.forEach((b, k) => {
    sqlite.exec('BEGIN');
    writes.ledger('cases', b.records, `floor-${k}`, new Date().toISOString());
    writes.cube(b.cube);
    sqlite.exec('COMMIT');
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(c0);
  const city = sqlite.prepare("SELECT SUM(cases) AS n FROM cube_cases WHERE unit_code = '79'").get() as { n: number };
  if (city.n !== N) throw new Error(`write floor: cube holds ${city.n} cases at the city, expected ${N}`);
  await store.close();
  return { wall: N / seconds, cpu: N / cpu };
}

/**
 * How the API's batches are cut from the synthetic cases: as a live CDC feed sends them (in order
 * of confirmation, 5,000 cases a day, about the peak of July 2021, so a batch holds one or two
 * days) or scattered (every batch spans all 120 days: each record its own cube cells).
 */
type ApiOrder = 'feed' | 'scattered';
const FEED_CASES_PER_DAY = 5000;

async function apiBench(order: ApiOrder): Promise<number> {
  const store = await freshDb(`api-${order}.sqlite`);
  // The deployment's clock at the synthetic data's last day (June 2021 + 120 days): the engine
  // spans the data, as when the bench was measured, not the days from then to the real today.
  const { app } = await buildApp({ store, now: () => new Date('2021-09-28T03:00:00Z') });
  const { token } = await createToken(store.db, { label: 'bench', role: 'data_officer', scope: '79' }, 'bench');
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const bodies: string[] = [];
  for (let b = 0; b < API_N / 1000; b++) {
    bodies.push(
      JSON.stringify(
        Array.from({ length: 1000 }, (_, k) => {
          const i = b * 1000 + k;
          return synthetic(10_000_000 + i, order === 'feed' ? 1 + Math.floor(i / FEED_CASES_PER_DAY) : undefined);
        }),
      ),
    );
  }
  const post = async (body: string, url: string) => {
    const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    return r.json() as Promise<{ accepted: number }>;
  };
  await post(bodies[0], `${address}/api/v1/cases`); // warm up (token check, JIT)
  // Two clients in parallel, as two CDC feeders would send, from another thread.
  const elu0 = eventLoopUtilization();
  const { seconds, accepted } = await feed({ url: `${address}/api/v1/cases`, token, bodies: bodies.slice(1), clients: 2 });
  const rate = ((bodies.length - 1) * 1000) / seconds;
  if (process.env.BENCH_ELU) console.log(`server event loop busy ${(eventLoopUtilization(elu0).utilization * 100).toFixed(0)}%`);
  if (accepted !== (bodies.length - 1) * 1000) throw new Error(`API accepted ${accepted}`);
  await app.close();
  await store.close();
  return rate;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(`Vùng Xanh import benchmark: ${fmt(N)} case records, ${wards.length} HCMC wards, Node ${process.version}`);
const tg = performance.now();
const files = writeFiles();
console.log(`generated NDJSON and CSV in ${((performance.now() - tg) / 1000).toFixed(1)} s (not timed below)`);
// Floor and end-to-end alternate, best of ROUNDS each: a shared 2-core machine is noisy, and
// alternating keeps a burst of load from landing on one side only.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** BENCH_SYNC_ONLY=1: only the FULL against NORMAL import. */
const SYNC_ONLY = process.env.BENCH_SYNC_ONLY === '1';
if (!SYNC_ONLY) {
  let best = { insert: Infinity, parse: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    const f = designFloors(files.ndjson, `design-floor-${round}.sqlite`);
    best = { insert: Math.min(best.insert, f.insert), parse: Math.min(best.parse, f.parse) };
  }
  const perMillion = 1_000_000 / N;
  console.log(
    `this machine, the budgets' reference floors for 1M rows: SQLite insert in one transaction ${(best.insert * perMillion).toFixed(2)} s (there ≈ 1.0 s), ` +
      `NDJSON read + parse ${(best.parse * perMillion).toFixed(2)} s (there ≈ 0.75 s): ${((best.insert * perMillion + best.parse * perMillion) / 1.75).toFixed(1)}× the time the budgets were set against`,
  );
}
for (const format of SYNC_ONLY ? [] : (['ndjson', 'csv'] as const)) {
  const floor: Rate = { wall: 0, cpu: 0 };
  const e2e: Rate = { wall: 0, cpu: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const f = rawFloor(files[format], format, `floor-${format}-${round}.sqlite`);
    const e = await endToEnd(files[format], `e2e-${format}-${round}.sqlite`);
    floor.wall = Math.max(floor.wall, f.wall);
    floor.cpu = Math.max(floor.cpu, f.cpu);
    e2e.wall = Math.max(e2e.wall, e.wall);
    e2e.cpu = Math.max(e2e.cpu, e.cpu);
  }
  console.log(
    `${format.padEnd(6)} end to end ${fmt(e2e.wall).padStart(9)} records/s   raw floor ${fmt(floor.wall).padStart(9)} records/s   ratio ${((e2e.wall / floor.wall) * 100).toFixed(0)}%   ` +
      `(per CPU-second: ${fmt(e2e.cpu)} vs ${fmt(floor.cpu)}, ${((e2e.cpu / floor.cpu) * 100).toFixed(0)}%)   budget ≥ 300,000: ${e2e.wall >= 300_000 ? 'met' : 'MISSED'}`,
  );
}
{
  // Acknowledged means durable (issue 14): SQLite now syncs the WAL at every commit
  // (synchronous = FULL); NORMAL, the setting before, survives a process crash but not a power loss.
  const rates = { FULL: 0, NORMAL: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      const r = await endToEnd(files.ndjson, `sync-${synchronous}-${round}.sqlite`, synchronous);
      rates[synchronous] = Math.max(rates[synchronous], r.wall);
    }
  }
  console.log(
    `ndjson end to end with synchronous = FULL ${fmt(rates.FULL)} records/s, NORMAL ${fmt(rates.NORMAL)} records/s: ` +
      `FULL costs ${(((rates.NORMAL - rates.FULL) / rates.NORMAL) * 100).toFixed(0)}% of the import rate`,
  );
}
if (!SYNC_ONLY) {
  const writes: Rate = { wall: 0, cpu: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const w = await writeFloor(`writes-${round}.sqlite`);
    writes.wall = Math.max(writes.wall, w.wall);
    writes.cpu = Math.max(writes.cpu, w.cpu);
  }
  console.log(
    `writes alone (ledger + cube + commits, records prepared beforehand): ${fmt(writes.wall)} records/s — the ceiling for any import writing on one connection; ` +
      `300,000 end to end is ${writes.wall >= 300_000 ? 'within' : 'BEYOND'} it on this machine`,
  );
}
for (const order of SYNC_ONLY ? [] : ((process.env.BENCH_API_ORDERS ?? 'feed,scattered').split(',') as ApiOrder[])) {
  const api = await apiBench(order);
  const shape = order === 'feed' ? 'as a live feed (in date order, 5,000 a day)' : 'scattered (each batch over 120 days, worst case)';
  console.log(
    `api    ${fmt(API_N)} records in batches of 1,000 over HTTP (2 clients), ${shape}: ${fmt(api)} records/s   budget ≥ 50,000: ${api >= 50_000 ? 'met' : 'MISSED'}`,
  );
}
rmSync(dir, { recursive: true, force: true });
