/**
 * The fault suite's trials (issue 14): each kills or restarts something mid-write and returns
 * what it measured — records acknowledged and lost, answers by status, how long service took to
 * come back — for the short sample in `npm test` to assert on and bench/faults.bench.ts to add up.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

import { RedisBus } from '../../src/bus/redis-bus.ts';
import type { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { readChanges } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { assertBuilt, CLI_BIN, spawnCliAsync } from './cli.ts';
import { type PrivatePostgres, type PrivateRedis, serveProcess, sleep, until } from './faults.ts';
import { freePort } from './free-port.ts';
import { cubeFromScratch, dumpIntake } from './intake.ts';
import { connectSse, type SseClient } from './sse.ts';

/** A database under test, as this process holds it and as a child process opens it. */
export interface Target {
  store: Store;
  hierarchy: Hierarchy;
  /** The URL a child process opens: the same SQLite file, or `postgres://…?schema=` of the same schema. */
  database: string;
}

export interface Figures {
  /** Records whose write was acknowledged (an API 200, or a CLI's "committed N rows"). */
  acknowledged: number;
  /** Acknowledged records not in the ledger afterwards: must be 0. */
  lost: number;
  /** Answers by HTTP status, plus `refused` (the server was dead), `timeout` (no answer in time), `network`. */
  answers: Record<string, number>;
  /** 5xx answers other than 503 with Retry-After (a database away): must be 0. */
  serverErrors: number;
  /** From the fault's end (the server's restart begun, Redis back, PostgreSQL's start command) to service again. */
  recoveryMs: number;
  /** The cube equals what the ledger implies. */
  cubeMatches: boolean;
  /** Service resumed by itself: a re-run completed, or writes and the live stream work again. */
  resumed: boolean;
  /** What went wrong, when something did: read it before the figures. */
  notes: string[];
}

const WARDS = ['26734', '26737', '26740', '26743', '27139', '26896'];

/** One API batch of `size` cases with ids `${prefix}${b}-${k}`. */
function caseBatch(prefix: string, b: number, size: number): string {
  return JSON.stringify(
    Array.from({ length: size }, (_, k) => ({
      id: `${prefix}${b}-${k}`,
      confirmedDate: `2021-07-${String(1 + (k % 28)).padStart(2, '0')}`,
      unit: WARDS[(b + k) % WARDS.length],
      setting: 'community',
      sourceKnown: k % 2 === 0,
    })),
  );
}

async function ledgerIds(store: Store): Promise<Set<string>> {
  return new Set((await store.db.selectFrom('case_records').select('id').execute()).map((r) => r.id));
}

async function cubeMatches(target: Target): Promise<boolean> {
  return isDeepStrictEqual((await dumpIntake(target.store)).cube_cases, await cubeFromScratch(target.store, target.hierarchy));
}

function count(answers: Record<string, number>, key: string | number): void {
  answers[key] = (answers[key] ?? 0) + 1;
}

/** What a failed fetch means: nobody listening (the server is dead), no answer in time, or something else. */
function failureOf(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  if (e.cause?.code === 'ECONNREFUSED') return 'refused';
  return 'network';
}

/**
 * SIGKILL of `vungxanh import cases` once it has printed `committed N rows` for at least
 * `killAfter` rows of a `rows`-row NDJSON file; then every acknowledged row must be in the
 * ledger, and a re-run must complete with the rest.
 */
export async function cliKillTrial(target: Target, options: { rows: number; killAfter: number; batch?: number; prefix?: string }): Promise<Figures> {
  assertBuilt();
  const { rows, killAfter, batch = 500, prefix = 'K' } = options;
  const notes: string[] = [];
  const file = join(mkdtempSync(join(tmpdir(), 'vx-fault-')), 'cases.ndjson');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(
      JSON.stringify({
        id: `${prefix}${i}`,
        confirmedDate: `2021-07-${String(1 + (i % 28)).padStart(2, '0')}`,
        unit: WARDS[i % WARDS.length],
        setting: i % 3 ? 'community' : 'quarantine',
        sourceKnown: i % 2 === 0,
        household: i % 4 ? null : `H${i % 97}`,
      }),
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');

  const child = spawn(process.execPath, [CLI_BIN, '--database', target.database, 'import', 'cases', file, '--batch', String(batch)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let acknowledged = 0;
  let stderr = '';
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // "committed N rows" is printed after the commit: what it counts is acknowledged.
    for (const m of stderr.matchAll(/committed (\d+) rows/g)) acknowledged = Math.max(acknowledged, Number(m[1]));
    if (acknowledged >= killAfter && child.exitCode === null) child.kill('SIGKILL');
  });
  const ended = await exited;
  if (ended !== 'SIGKILL') notes.push(`the import ended (${ended}) before it could be killed: ${stderr.slice(-500)}`);

  const landed = await ledgerIds(target.store);
  let lost = 0;
  for (let i = 0; i < acknowledged; i++) if (!landed.has(`${prefix}${i}`)) lost++;

  const began = Date.now();
  const rerun = await spawnCliAsync(['--database', target.database, 'import', 'cases', file, '--batch', '5000']);
  const recoveryMs = Date.now() - began;
  const expected = `${rows - landed.size} mới / accepted, ${landed.size} không đổi / unchanged, 0 bị từ chối`;
  const completed = rerun.status === 0 && rerun.stdout.includes(expected);
  if (!completed) notes.push(`the re-run did not complete as expected (${expected}): ${rerun.status} ${rerun.stdout}${rerun.stderr}`.slice(0, 1000));
  const after = await ledgerIds(target.store);
  if (after.size !== rows) notes.push(`the ledger holds ${after.size} of ${rows} ids after the re-run`);
  return {
    acknowledged,
    lost,
    answers: {},
    serverErrors: 0,
    recoveryMs,
    cubeMatches: await cubeMatches(target),
    resumed: completed && after.size === rows,
    notes,
  };
}

/**
 * SIGKILL of `vungxanh serve` while `writers` clients post case batches, once `killAfter` batches
 * were acknowledged; then every acknowledged batch must be in the ledger, a restarted server must
 * take every batch again (the acknowledged ones unchanged) and stream the levels that follow.
 */
export async function serverKillTrial(
  target: Target,
  options: { token: string; batches: number; batchSize: number; writers: number; killAfter: number; prefix?: string },
): Promise<Figures> {
  const { token, batches, batchSize, writers, killAfter, prefix = 'S' } = options;
  const notes: string[] = [];
  const answers: Record<string, number> = {};
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const post = (b: number) =>
    fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: caseBatch(prefix, b, batchSize),
      signal: AbortSignal.timeout(60_000),
    });

  const server = await serveProcess(target.database, port);
  const acknowledged = new Set<number>();
  let next = 0;
  let killed = false;
  const writer = async () => {
    while (!killed && next < batches) {
      const b = next++;
      try {
        const r = await post(b);
        count(answers, r.status);
        await r.arrayBuffer();
        if (r.status === 200) acknowledged.add(b);
      } catch (error) {
        count(answers, failureOf(error));
      }
      if (acknowledged.size >= killAfter && !killed) {
        killed = true;
        await server.stop('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  if (!killed) notes.push(`all ${batches} batches were answered before the kill`);
  await server.stop('SIGKILL');

  const landed = await ledgerIds(target.store);
  let lost = 0;
  for (const b of acknowledged) for (let k = 0; k < batchSize; k++) if (!landed.has(`${prefix}${b}-${k}`)) lost++;

  // The restart: time to a first answer, then every batch again, then a live event.
  const began = Date.now();
  const again = await serveProcess(target.database, port);
  let resumed: boolean;
  let recoveryMs: number;
  try {
    await until('a first answer after the restart', async () => (await fetch(`${base}/api/v1/status`).catch(() => null))?.status === 200, 60_000);
    recoveryMs = Date.now() - began;
    const client = await connectSse(`${base}/api/v1/stream`);
    try {
      await client.next('hello', 30_000);
      let resent = true;
      for (let b = 0; b < batches; b++) {
        const r = await post(b);
        const answer = (await r.json()) as { accepted: number; unchanged: number; rejected: unknown[] };
        const fine = r.status === 200 && answer.rejected.length === 0 && answer.accepted + answer.unchanged === batchSize;
        if (!fine || (acknowledged.has(b) && answer.unchanged !== batchSize)) {
          resent = false;
          notes.push(`batch ${b} sent again: ${r.status} ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }
      const streamed = await probeLevels(base, token, `${prefix}probe`, client);
      if (!streamed) notes.push('no live event after the restart');
      resumed = resent && streamed;
    } finally {
      client.close();
    }
  } finally {
    await again.stop('SIGTERM');
  }
  const after = await ledgerIds(target.store);
  if (after.size < batches * batchSize) notes.push(`the ledger holds ${after.size} of ${batches * batchSize} ids after sending again`);
  const serverErrors = Object.entries(answers).reduce((n, [status, c]) => n + (Number(status) >= 500 ? c : 0), 0);
  return { acknowledged: acknowledged.size * batchSize, lost, answers, serverErrors, recoveryMs, cubeMatches: await cubeMatches(target), resumed, notes };
}

/** A ward no trial writes to but this probe: one community case there changes its level. */
const PROBE_WARD = '26746';

/**
 * Sends one community case in a ward that had none and waits for the levels event naming it:
 * the batches of a trial may leave every level as it was (their wards are red already), so only
 * a write that changes a level proves that the live stream works.
 */
async function probeLevels(base: string, token: string, id: string, client: SseClient): Promise<boolean> {
  const from = client.events.length;
  const r = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ id, confirmedDate: '2021-07-20', unit: PROBE_WARD, setting: 'community', sourceKnown: false }]),
    signal: AbortSignal.timeout(30_000),
  });
  await r.arrayBuffer();
  if (r.status !== 200) return false;
  // The event names the ward from the probe's date on; the level it carries is today's, which a
  // served process (on the real clock) has green again long after July 2021.
  const names = (e: SseClient['events'][number]) => {
    const data = e.data as { levels?: Record<string, number>; from?: string };
    return e.event === 'levels' && data.levels?.[PROBE_WARD] !== undefined && data.from !== undefined && data.from <= '2021-07-20';
  };
  return until(`a levels event naming ${PROBE_WARD} from the probe's date`, () => client.events.slice(from).some(names), 30_000, 50).then(
    () => true,
    () => false,
  );
}

interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  bus: RedisBus;
}

async function startInstance(store: Store, redisUrl: string): Promise<Instance> {
  const bus = await RedisBus.connect(redisUrl);
  // Today on the deployment's clock is within the trials' July 2021 data: the levels announced are
  // those of its last data date, where the probe's case shows (levels run up to today, issue 15).
  const { app, ctx } = await buildApp({ store, bus, webRoot: '/nonexistent', now: () => new Date('2021-07-20T03:00:00Z') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, ctx, bus, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Forwarded feed entries (what SSE clients are sent) after a position, and the wards their levels name. */
async function feedAfter(store: Store, position: number): Promise<{ ids: number[]; wards: Set<string> }> {
  const changes = await readChanges(store.db, position, 100_000);
  const forwarded = changes.filter((c) => c.kind === 'levels' || c.kind === 'standings' || c.kind === 'day');
  const wards = new Set(changes.filter((c) => c.kind === 'levels').flatMap((c) => Object.keys((c.payload as { levels: object }).levels)));
  return { ids: forwarded.map((c) => c.id), wards };
}

const streamIds = (client: SseClient) => client.events.filter((e) => e.event !== 'hello' && e.id !== undefined).map((e) => e.id!);

/**
 * Redis dies (SIGKILL) while two instances on one PostgreSQL schema take writes, and comes back
 * on the same port `downMs` later. Writes must go on being answered 200, each instance's SSE
 * client must get every change once (the feed lives in the database), and once Redis is back a
 * write through one instance must wake the other through Redis again.
 */
export async function redisOutageTrial(
  stores: [Store, Store],
  redis: PrivateRedis,
  options: { token: string; wards: string[]; beforeMs: number; downMs: number; afterMs: number; everyMs?: number },
): Promise<Figures & { missedEvents: number; repeatedEvents: number }> {
  const { token, wards, beforeMs, downMs, afterMs, everyMs = 50 } = options;
  const notes: string[] = [];
  const answers: Record<string, number> = {};
  const instances = [await startInstance(stores[0], redis.url), await startInstance(stores[1], redis.url)];
  // Hears the wake-ups instance 0 publishes on Redis, through instance 1's own subscription.
  let wakes = 0;
  await instances[1].bus.subscribe(instances[1].ctx.feed.wakeChannel, () => void wakes++);
  const clients = await Promise.all(instances.map((i) => connectSse(`${i.url}/api/v1/stream`)));
  const written: Array<{ unit: string; date: string; count: number }> = [];
  let n = 0;
  const write = async () => {
    const through = instances[n % 2];
    const row = { unit: wards[n % wards.length], date: `2021-07-${String(10 + Math.floor(n / wards.length)).padStart(2, '0')}`, count: 1 + (n % 3) };
    n++;
    try {
      const r = await fetch(`${through.url}/api/v1/counts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ ...row, setting: 'community', sourceKnown: false }]),
        signal: AbortSignal.timeout(30_000),
      });
      count(answers, r.status);
      await r.arrayBuffer();
      if (r.status === 200) written.push(row);
    } catch (error) {
      count(answers, failureOf(error));
    }
  };
  const writeFor = async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await write();
      await sleep(everyMs);
    }
  };
  let recoveryMs = -1;
  try {
    const start = Math.min(...(await Promise.all(clients.map((c) => c.next('hello', 30_000)))).map((h) => h.id!));
    await writeFor(beforeMs);
    if (wakes === 0) notes.push('no Redis wake-up was heard even before Redis died');
    await redis.kill();
    await writeFor(downMs);
    await redis.start();
    const back = Date.now();
    // A write through instance 0 wakes instance 1 through Redis again, once both have reconnected.
    const heard = wakes;
    await until(
      'a Redis wake-up after Redis came back',
      async () => {
        await write();
        await sleep(200);
        return wakes > heard;
      },
      60_000,
      0,
    ).then(
      () => (recoveryMs = Date.now() - back),
      (error: Error) => notes.push(error.message),
    );
    await writeFor(afterMs);

    // Every write's levels reach both clients, each change once: wait until the feed names every
    // ward written and both clients stand at its last forwarded entry (publications may coalesce
    // or come late, so the last entry is read again each time).
    const units = new Set(written.map((w) => w.unit));
    const expected = await until(
      'levels naming every ward written, on both clients',
      async () => {
        const f = await feedAfter(stores[0], start);
        if (![...units].every((u) => f.wards.has(u))) return undefined;
        return clients.every((c) => streamIds(c).at(-1) === f.ids.at(-1)) ? f.ids : undefined;
      },
      60_000,
      100,
    ).catch((error: Error) => (notes.push(error.message), [] as number[]));
    let missedEvents = 0;
    let repeatedEvents = 0;
    for (const client of clients) {
      const got = streamIds(client);
      missedEvents += expected.filter((id) => !got.includes(id)).length;
      repeatedEvents += got.length - new Set(got).size;
    }
    const held = await stores[0].db.selectFrom('daily_counts').select(['unit_code', 'date', 'count']).execute();
    const keys = new Set(held.map((r) => `${r.unit_code}|${r.date}|${Number(r.count)}`));
    const lost = written.filter((w) => !keys.has(`${w.unit}|${w.date}|${w.count}`)).length;
    const serverErrors = Object.entries(answers).reduce((s, [status, c]) => s + (Number(status) >= 500 ? c : 0), 0);
    const resumed = recoveryMs >= 0 && missedEvents === 0;
    return { acknowledged: written.length, lost, answers, serverErrors, recoveryMs, cubeMatches: true, resumed, notes, missedEvents, repeatedEvents };
  } finally {
    for (const c of clients) c.close();
    for (const i of instances) {
      await i.app.close();
      await i.bus.close();
    }
  }
}

/**
 * PostgreSQL stops (`pg_ctl stop -m fast`) while `writers` clients post case batches to a server
 * process, and starts again `downMs` later. Every answer must be a 200 or a 503 with Retry-After
 * (never another 5xx, never a hang), every acknowledged batch must be in the ledger, writes must
 * succeed again, LISTEN must be back, and the SSE client that stayed connected must get new
 * levels without reconnecting.
 */
export async function postgresRestartTrial(
  target: Target,
  cluster: PrivatePostgres,
  options: { token: string; writers: number; batchSize: number; beforeMs: number; downMs: number; afterMs: number; prefix?: string },
): Promise<Figures & { unavailable: number; retryAfter: number }> {
  const { token, writers, batchSize, beforeMs, downMs, afterMs, prefix = 'P' } = options;
  const notes: string[] = [];
  const answers: Record<string, number> = {};
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await serveProcess(target.database, port);
  const acknowledged = new Set<number>();
  let retryAfter = 0;
  let next = 0;
  let stop = false;
  let firstAckAfter = Infinity;
  let upAt = Infinity;
  const writer = async () => {
    while (!stop) {
      const b = next++;
      try {
        const r = await fetch(`${base}/api/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: caseBatch(prefix, b, batchSize),
          signal: AbortSignal.timeout(30_000),
        });
        const body = await r.text();
        count(answers, r.status);
        if (r.status === 200) {
          acknowledged.add(b);
          if (Date.now() > upAt) firstAckAfter = Math.min(firstAckAfter, Date.now());
        } else if (r.status === 503 && r.headers.get('retry-after')) retryAfter++;
        else if (r.status >= 500) notes.push(`${r.status}: ${body.slice(0, 300)}`);
      } catch (error) {
        count(answers, failureOf(error));
      }
      await sleep(50);
    }
  };
  const client = await connectSse(`${base}/api/v1/stream`);
  let resumed: boolean;
  let recoveryMs: number;
  try {
    await client.next('hello', 30_000);
    const running = Promise.all(Array.from({ length: writers }, writer));
    await sleep(beforeMs);
    await cluster.stop();
    await sleep(downMs);
    // From the start command on: pg_ctl returns a while after PostgreSQL accepts connections.
    upAt = Date.now();
    await cluster.start();
    await until('a write acknowledged after the restart', () => firstAckAfter < Infinity, 60_000, 50).catch((error: Error) => notes.push(error.message));
    recoveryMs = firstAckAfter < Infinity ? firstAckAfter - upAt : -1;
    await sleep(afterMs);
    stop = true;
    await running;
    if (server.child.exitCode !== null || server.child.signalCode !== null) notes.push(`the server died: ${server.output().slice(-3000)}`);
    // The stream that stayed open hears what is written after the restart.
    const streamed = await probeLevels(base, token, `${prefix}probe`, client);
    if (!streamed) notes.push('no live event after the restart on the stream that stayed open');
    // The change feed's LISTEN is back (a connection of the server's waiting on LISTEN).
    const listening = await until(
      'the server listening again',
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where query ilike 'listen %'`.execute(target.store.db);
        return rows[0].n > 0;
      },
      30_000,
      200,
    ).then(
      () => true,
      (error: Error) => (notes.push(error.message), false),
    );
    resumed = recoveryMs >= 0 && streamed && listening;
  } finally {
    client.close();
    await server.stop('SIGTERM');
  }
  const landed = await ledgerIds(target.store);
  let lost = 0;
  for (const b of acknowledged) for (let k = 0; k < batchSize; k++) if (!landed.has(`${prefix}${b}-${k}`)) lost++;
  const unavailable = answers[503] ?? 0;
  const serverErrors = Object.entries(answers).reduce((s, [status, c]) => s + (Number(status) >= 500 ? c : 0), 0) - retryAfter;
  return {
    acknowledged: acknowledged.size * batchSize,
    lost,
    answers,
    serverErrors,
    recoveryMs,
    cubeMatches: await cubeMatches(target),
    resumed,
    notes,
    unavailable,
    retryAfter,
  };
}

/** A test's fresh store (test/support/stores.ts) with its units, as a target: a child opens the same file or schema. */
export function targetOf(store: Store & { url: string; schema?: string; hierarchy: Hierarchy }): Target {
  return { store, hierarchy: store.hierarchy, database: store.schema ? `${store.url}?schema=${store.schema}` : store.url };
}
