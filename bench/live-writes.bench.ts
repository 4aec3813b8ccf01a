/**
 * Live writes during a bulk import (issue 14): `vungxanh serve` as a process on SQLite and on
 * PostgreSQL, a CDC feed posting small batches of cases to it (10 rows, 5 requests a second, on
 * schedule), each request's latency kept. First the feed alone (the floor), then the same feed
 * while `vungxanh import cases` of a 1M-row file runs as another process on the same database.
 * Prints p50/p99/max latency and the count of 5xx beside the floor, the import's rate, and checks
 * that nothing acknowledged was lost (the ledger holds every acknowledged id; the city's cube total
 * equals the ledger).
 *
 *   npm run build:server && npx tsx bench/live-writes.bench.ts
 *   BENCH_N=200000 BENCH_ENGINES=sqlite BENCH_BATCH=50000 npx tsx bench/live-writes.bench.ts   # a quick run
 *   BENCH_MODE=runs npx tsx bench/live-writes.bench.ts      # 10 runs on one SQLite file: every import completes, 0 × 5xx, 0 lost
 *
 * Knobs: BENCH_N (rows in the file, 1,000,000), BENCH_ENGINES (sqlite,postgres), BENCH_BATCH
 * and BENCH_SLICE_MS (the import's --batch and --slice-ms; default: the CLI's own), BENCH_RATE (requests a second, 5), BENCH_ROWS
 * (rows a request, 10), BENCH_FLOOR_S (seconds of the floor, 20), BENCH_RUNS and BENCH_RUN_N
 * (the runs mode: 10 runs of 200,000 rows), BENCH_UNSLICED=0 (skip the `--slice-ms 0` import).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { assertBuilt } from '../test/support/cli.ts';
import {
  checkLanded,
  type FeedResult,
  importProcess,
  liveFeed,
  percentiles,
  prepareDatabase,
  serveProcess,
  writeCaseFile,
} from '../test/support/live-writes.ts';
import { POSTGRES_URL } from '../test/support/postgres-url.ts';
import { hcmcWardCodes } from './support/ward-codes.ts';

assertBuilt();
const N = Number(process.env.BENCH_N ?? 1_000_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
const SLICE_MS = process.env.BENCH_SLICE_MS ? Number(process.env.BENCH_SLICE_MS) : undefined;
const RATE = Number(process.env.BENCH_RATE ?? 5);
const ROWS = Number(process.env.BENCH_ROWS ?? 10);
const FLOOR_S = Number(process.env.BENCH_FLOOR_S ?? 20);
const MODE = process.env.BENCH_MODE ?? 'latency';
const dir = mkdtempSync(join(tmpdir(), 'vx-live-'));

const wards = hcmcWardCodes();
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => `${fmt(n)} ms`.padStart(9);

function line(label: string, feed: FeedResult): string {
  const p = percentiles(feed.latencies);
  const fiveHundreds = feed.statuses.filter((s) => s >= 500).length;
  return `${label.padEnd(26)} ${String(p.n).padStart(5)} requests   p50 ${ms(p.p50)}   p99 ${ms(p.p99)}   max ${ms(p.max)}   5xx ${fiveHundreds}   no answer ${feed.failed}${feed.refused ? `   rows refused ${feed.refused}` : ''}`;
}

async function database(engine: string, name: string) {
  if (engine === 'sqlite') return prepareDatabase(`sqlite:${join(dir, `${name}.sqlite`)}`);
  return prepareDatabase(POSTGRES_URL, `bench_live_${process.pid}_${name}`);
}

async function dropSchema(engine: string, store: Awaited<ReturnType<typeof database>>['store'], name: string) {
  if (engine !== 'postgres') return;
  const { sql } = await import('kysely');
  await sql`drop schema if exists ${sql.id(`bench_live_${process.pid}_${name}`)} cascade`.execute(store.db);
}

/**
 * One engine: the floor (the feed alone), then the feed during the import as the CLI runs it
 * (slices of DEFAULT_SLICE_MS, or BENCH_SLICE_MS), then — on a fresh database and server — during
 * the import in slices of --batch rows only (`--slice-ms 0`, the CLI before slices): the latency
 * slicing saves, and the import rate it costs, in the same run.
 */
async function latency(engine: string, file: string): Promise<void> {
  const variants: Array<{ label: string; sliceMs: number | undefined }> = [
    { label: SLICE_MS === undefined ? 'sliced (default)' : `--slice-ms ${SLICE_MS}`, sliceMs: SLICE_MS },
    ...(process.env.BENCH_UNSLICED === '0' ? [] : [{ label: '--slice-ms 0', sliceMs: 0 }]),
  ];
  for (const [k, variant] of variants.entries()) {
    const name = `latency${k}`;
    const { store, url, token } = await database(engine, name);
    const server = await serveProcess(url);
    try {
      const warm = liveFeed({ base: server.base, token, perSecond: RATE, rows: ROWS, prefix: 'warm' });
      await sleep(2000);
      const acknowledged = [...(await warm.stop()).acknowledged];
      if (k === 0) {
        const floorFeed = liveFeed({ base: server.base, token, perSecond: RATE, rows: ROWS, prefix: 'floor' });
        await sleep(FLOOR_S * 1000);
        const floor = await floorFeed.stop();
        acknowledged.push(...floor.acknowledged);
        console.log(line(`${engine} feed alone`, floor));
      }
      const duringFeed = liveFeed({ base: server.base, token, perSecond: RATE, rows: ROWS, prefix: 'during' });
      const load0 = loadavg()[0];
      const imported = await importProcess(url, file, { batch: BATCH, sliceMs: variant.sliceMs });
      const during = await duringFeed.stop();
      const load1 = loadavg()[0];
      if (imported.status !== 0) throw new Error(`the import exited ${imported.status}: ${imported.stderr.slice(-2000)}`);
      acknowledged.push(...during.acknowledged);
      console.log(line(`${engine} import ${variant.label}`, during));
      const landed = await checkLanded(store, acknowledged);
      const expected = N + acknowledged.length;
      const p99 = percentiles(during.latencies).p99;
      console.log(
        `    import of ${fmt(N)} rows${BATCH ? ` --batch ${fmt(BATCH)}` : ''}: ${imported.seconds.toFixed(1)} s, ${fmt(N / imported.seconds)} rows/s (process start included), ` +
          `${imported.stderr.match(/^committed /gm)?.length ?? 0} transactions; load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; p99 ≤ 1 s: ${p99 <= 1000 ? 'met' : 'MISSED'}; ` +
          `acknowledged API cases missing: ${landed.missing}; ledger ${fmt(landed.ledger)} (expected ${fmt(expected)}), city cube ${fmt(landed.cityCube)}` +
          (landed.ledger === expected && landed.cityCube === expected && landed.missing === 0 ? ' — all there' : ' — MISMATCH'),
      );
    } finally {
      await server.stop();
      await dropSchema(engine, store, name);
      await store.close();
    }
  }
}

/** BENCH_RUNS imports into one SQLite file beside a running server with the feed throughout: every import completes, 0 × 5xx, 0 lost. */
async function runs(): Promise<void> {
  const RUNS = Number(process.env.BENCH_RUNS ?? 10);
  const RUN_N = Number(process.env.BENCH_RUN_N ?? 200_000);
  const file = join(dir, 'run.ndjson');
  await writeCaseFile(file, RUN_N, wards);
  let failures = 0;
  for (let run = 1; run <= RUNS; run++) {
    const { store, url, token } = await database('sqlite', `run-${run}`);
    const server = await serveProcess(url);
    try {
      const feed = liveFeed({ base: server.base, token, perSecond: RATE, rows: ROWS, prefix: `run${run}` });
      const imported = await importProcess(url, file, { batch: BATCH, sliceMs: SLICE_MS });
      const during = await feed.stop();
      const landed = await checkLanded(store, during.acknowledged);
      const fiveHundreds = during.statuses.filter((s) => s >= 500).length;
      const expected = RUN_N + during.acknowledged.length;
      const ok =
        imported.status === 0 &&
        fiveHundreds === 0 &&
        during.failed === 0 &&
        landed.missing === 0 &&
        landed.ledger === expected &&
        landed.cityCube === expected;
      if (!ok) failures++;
      const p = percentiles(during.latencies);
      console.log(
        `run ${String(run).padStart(2)}: import exit ${imported.status} in ${imported.seconds.toFixed(1)} s; feed ${p.n} requests, p99 ${fmt(p.p99)} ms, max ${fmt(p.max)} ms, ` +
          `5xx ${fiveHundreds}, no answer ${during.failed}; lost ${landed.missing}; ledger ${fmt(landed.ledger)}/${fmt(expected)}, city cube ${fmt(landed.cityCube)} ${ok ? 'ok' : 'FAILED'}`,
      );
    } finally {
      await server.stop();
      await store.close();
    }
  }
  console.log(`${RUNS - failures} of ${RUNS} runs: every import completed, 0 × 5xx, 0 lost`);
  if (failures > 0) process.exitCode = 1;
}

console.log(
  `Vùng Xanh live writes during a bulk import: ${MODE === 'runs' ? 'runs mode' : `${fmt(N)}-row import`}, feed ${RATE} requests/s × ${ROWS} cases, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`,
);
try {
  if (MODE === 'runs') await runs();
  else {
    const file = join(dir, 'cases.ndjson');
    await writeCaseFile(file, N, wards);
    for (const engine of ENGINES) await latency(engine, file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
