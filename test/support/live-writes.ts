/**
 * A live API feed beside a bulk import, as a city runs them: `vungxanh serve` as a process, a
 * `vungxanh import` of a large file as another, and a CDC feed posting small batches to the server
 * throughout, each request's latency and status kept. Shared by bench/live-writes.bench.ts (the
 * figures) and test/intake/live-writes.test.ts (the short sample in npm test).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { freePort } from './free-port.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'vungxanh.js');
export const LIVE_WARDS = ['26734', '26737', '26740', '26743', '27139', '26896', '27259', '26767', '26941', '27346'];
const SETTINGS = ['community', 'quarantine', 'lockdown', 'imported'];

/** A database ready for the run: migrated, the HCMC units, a data officer's token. `url` is what the processes open. */
export async function prepareDatabase(url: string, pgSchema?: string): Promise<{ store: Store; url: string; token: string }> {
  const store = await openStore(url, pgSchema ? { pgSchema } : {});
  await importGeoFiles(store.db, { units: hcmc2021Files().units }, 'bench', 'bench');
  const { token } = await createToken(store.db, { label: 'live feed', role: 'data_officer', scope: '79' }, 'bench');
  const processUrl = pgSchema ? `${url}?options=${encodeURIComponent(`-c search_path=${pgSchema}`)}` : url;
  return { store, url: processUrl, token };
}

/** The synthetic case `i` of a file (June–September 2021 over all the given wards). */
export function fileCase(i: number, wards: readonly string[]) {
  return {
    id: `F${i}`,
    confirmedDate: new Date(Date.UTC(2021, 5, 1 + (i % 120))).toISOString().slice(0, 10),
    unit: wards[(i * 7919) % wards.length],
    setting: SETTINGS[i % 7 === 0 ? 3 : i % 3],
    sourceKnown: i % 5 !== 0,
    household: i % 10 === 0 ? `H${i % 20_000}` : null,
  };
}

/** Writes `n` synthetic cases as NDJSON, streaming (a million rows never sit in memory as one string). */
export async function writeCaseFile(path: string, n: number, wards: readonly string[] = LIVE_WARDS): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += JSON.stringify(fileCase(i, wards)) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/** `vungxanh serve` on a free port, started as a real process; resolves once it listens. */
export async function serveProcess(url: string): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--database', url, 'serve', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VX_DEMO: '0', VX_BUS_URL: '', VX_LOG: '0' },
  });
  let out = '';
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('http://')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // A graceful close waits for the feed's idle keep-alive connections to time out (seconds):
      // every request has been answered by now, so a kill loses nothing acknowledged.
      const killer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** `vungxanh import cases FILE` as a process; resolves with its exit code, output and wall time. */
export function importProcess(
  url: string,
  file: string,
  options: { batch?: number; sliceMs?: number } = {},
): Promise<{ status: number | null; seconds: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const args = [
    CLI,
    '--database',
    url,
    'import',
    'cases',
    file,
    ...(options.batch ? ['--batch', String(options.batch)] : []),
    ...(options.sliceMs !== undefined ? ['--slice-ms', String(options.sliceMs)] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VX_BUS_URL: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, seconds: (performance.now() - started) / 1000, stdout, stderr })));
}

export interface FeedResult {
  /** Each request's latency in ms, in the order sent. */
  latencies: number[];
  statuses: number[];
  /** Ids of cases the server acknowledged (HTTP 200). */
  acknowledged: string[];
  /** Requests that failed without an answer (connection refused, reset). */
  failed: number;
  /** Rows the server refused (none should be). */
  refused: number;
}

/**
 * A CDC feed: `rows` cases per request, `perSecond` requests a second, sent on schedule whether
 * or not the previous one has been answered (open loop: a stalled server shows as latency, not
 * as fewer requests). Runs until `stop()` is called; `stop` waits for the answers in flight.
 */
export function liveFeed(options: { base: string; token: string; perSecond: number; rows: number; prefix: string }): { stop(): Promise<FeedResult> } {
  const result: FeedResult = { latencies: [], statuses: [], acknowledged: [], failed: 0, refused: 0 };
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const send = () => {
    const n = sent++;
    const rows = Array.from({ length: options.rows }, (_, k) => ({
      id: `${options.prefix}-${n}-${k}`,
      confirmedDate: `2021-07-${String(1 + ((n + k) % 28)).padStart(2, '0')}`,
      unit: LIVE_WARDS[(n + k) % LIVE_WARDS.length],
      setting: 'community',
      sourceKnown: k % 2 === 0,
    }));
    const began = performance.now();
    const p = fetch(`${options.base}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    })
      .then(async (r) => {
        const body = await r.text();
        result.latencies[n] = performance.now() - began;
        result.statuses[n] = r.status;
        if (r.status !== 200) return;
        // Every row is valid: one refused is the feed's own mistake, counted apart from what landed.
        result.refused += (JSON.parse(body) as { rejected: unknown[] }).rejected.length;
        for (const row of rows) result.acknowledged.push(row.id);
      })
      .catch(() => {
        result.latencies[n] = performance.now() - began;
        result.statuses[n] = 0;
        result.failed++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const started = performance.now();
  let timer: NodeJS.Timeout;
  // Scheduled against the start, so a late timer does not slow the feed down.
  const tick = () => {
    while (sent < ((performance.now() - started) / 1000) * options.perSecond) send();
    timer = setTimeout(tick, 5);
  };
  tick();
  return {
    stop: async () => {
      clearTimeout(timer);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      return result;
    },
  };
}

/** p50, p99 and max of latencies (ms). */
export function percentiles(latencies: readonly number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

/**
 * What landed, checked against what was acknowledged: every acknowledged case id is in the
 * ledger, and the city's cube total equals the ledger's current cases (nothing counted twice or lost).
 */
export async function checkLanded(store: Store, acknowledged: readonly string[]): Promise<{ missing: number; ledger: number; cityCube: number }> {
  const ids = new Set((await store.db.selectFrom('case_records').select('id').execute()).map((r) => r.id));
  const missing = acknowledged.filter((id) => !ids.has(id)).length;
  const city = await store.db
    .selectFrom('cube_cases')
    .select((eb) => eb.fn.sum<number>('cases').as('n'))
    .where('unit_code', '=', '79')
    .executeTakeFirst();
  return { missing, ledger: ids.size, cityCube: Number(city?.n ?? 0) };
}
