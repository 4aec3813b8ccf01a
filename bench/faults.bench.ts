/**
 * Issue 14's fault suite, the long runs: each trial kills or restarts something mid-write
 * (test/support/fault-trials.ts, the same trials `npm test` runs once) and the figures are added
 * up per scenario: trials, records acknowledged, lost (must be 0), 5xx other than 503-with-
 * Retry-After (must be 0), 503s, and the time service took to come back.
 *
 *   npm run build:server && npx tsx bench/faults.bench.ts
 *   FAULT_CLI=10 FAULT_SERVER=10 FAULT_REDIS=5 FAULT_PG=5 FAULT_ROWS=100000 npx tsx bench/faults.bench.ts
 *
 * Knobs (trials per engine for the SIGKILLs): FAULT_CLI (5), FAULT_SERVER (5), FAULT_REDIS (3),
 * FAULT_PG (3), FAULT_ROWS (30,000 rows in the CLI's file), FAULT_BATCHES (20 API batches of
 * 1,000 per server trial), FAULT_DOWN_MS (2,000: how long Redis and PostgreSQL stay down),
 * FAULT_SEED (kill points). Needs PostgreSQL at VX_TEST_POSTGRES_URL (the tests' one), and
 * `redis-server` and PostgreSQL 15's binaries (/usr/lib/postgresql/15/bin) to start private ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { createToken } from '../src/store/accounts-store.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { cliKillTrial, type Figures, postgresRestartTrial, redisOutageTrial, serverKillTrial, type Target } from '../test/support/fault-trials.ts';
import { privatePostgres, privateRedis } from '../test/support/faults.ts';
import { withUnits } from '../test/support/intake.ts';
import { POSTGRES_URL } from '../test/support/postgres-url.ts';

const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer ≥ 0`);
  return value;
};
const CLI = knob('FAULT_CLI', 5);
const SERVER = knob('FAULT_SERVER', 5);
const REDIS = knob('FAULT_REDIS', 3);
const PG = knob('FAULT_PG', 3);
const ROWS = knob('FAULT_ROWS', 30_000);
const BATCHES = knob('FAULT_BATCHES', 20);
const DOWN_MS = knob('FAULT_DOWN_MS', 2000);
let seed = knob('FAULT_SEED', 14);
/** A small deterministic generator (mulberry32), so a run's kill points can be replayed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const run = `vxfault${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'vx-faults-'));
const schemas: string[] = [];
let made = 0;

/** A fresh database with the HCMC units: a SQLite file, or a schema of its own on `url`. */
async function freshTarget(engine: 'sqlite' | 'postgresql', url = POSTGRES_URL): Promise<Target & { token: string }> {
  made++;
  let database: string;
  if (engine === 'sqlite') database = `sqlite:${join(dir, `t${made}.sqlite`)}`;
  else {
    const schema = `${run}_${made}`;
    if (url === POSTGRES_URL) schemas.push(schema);
    database = `${url}?schema=${schema}`;
  }
  const store = await withUnits(await openStore(database));
  const token = (await createToken(store.db, { label: 'bench', role: 'data_officer', scope: '79' }, 'bench')).token;
  return { store, hierarchy: store.hierarchy, database, token };
}

interface Row {
  scenario: string;
  figures: Figures[];
  extra?: string;
}

/** A trial that threw counts as a failed one, with why, rather than ending the run. */
async function attempt<F extends Figures>(trial: () => Promise<F>): Promise<Figures> {
  try {
    return await trial();
  } catch (error) {
    return {
      acknowledged: 0,
      lost: 0,
      answers: {},
      serverErrors: 0,
      recoveryMs: -1,
      cubeMatches: false,
      resumed: false,
      notes: [`the trial threw: ${String(error)}`],
    };
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

function report(row: Row): void {
  const f = row.figures;
  const sum = (pick: (x: Figures) => number) => f.reduce((s, x) => s + pick(x), 0);
  const recovery = f.map((x) => x.recoveryMs).filter((ms) => ms >= 0);
  const notes = f.flatMap((x) => x.notes);
  console.log(
    [
      row.scenario.padEnd(34),
      `trials ${f.length}`,
      `acknowledged ${sum((x) => x.acknowledged).toLocaleString('en')}`,
      `lost ${sum((x) => x.lost)}`,
      `5xx ${sum((x) => x.serverErrors)}`,
      `503 ${sum((x) => x.answers[503] ?? 0)}`,
      `recovery median ${(median(recovery) / 1000).toFixed(2)} s, max ${(Math.max(...recovery) / 1000).toFixed(2)} s`,
      `cube ok ${f.filter((x) => x.cubeMatches).length}/${f.length}`,
      `resumed ${f.filter((x) => x.resumed).length}/${f.length}`,
      row.extra ?? '',
    ].join(' · '),
  );
  for (const note of notes) console.log(`  ! ${note.slice(0, 400)}`);
}

async function dispose(store: Store): Promise<void> {
  await store.close();
}

console.log(
  `fault suite: load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at ${new Date().toISOString()}`,
);
const began = Date.now();
try {
  for (const engine of ['sqlite', 'postgresql'] as const) {
    const cli: Figures[] = [];
    for (let t = 0; t < CLI; t++) {
      const target = await freshTarget(engine);
      try {
        cli.push(await attempt(() => cliKillTrial(target, { rows: ROWS, killAfter: between(1000, Math.floor(ROWS * 0.8)) })));
      } finally {
        await dispose(target.store);
      }
    }
    if (CLI) report({ scenario: `SIGKILL vungxanh import [${engine}]`, figures: cli, extra: 'recovery = the re-run' });

    const server: Figures[] = [];
    for (let t = 0; t < SERVER; t++) {
      const target = await freshTarget(engine);
      try {
        server.push(
          await attempt(() =>
            serverKillTrial(target, { token: target.token, batches: BATCHES, batchSize: 1000, writers: 2, killAfter: between(1, BATCHES - 4) }),
          ),
        );
      } finally {
        await dispose(target.store);
      }
    }
    if (SERVER) report({ scenario: `SIGKILL vungxanh serve [${engine}]`, figures: server, extra: 'recovery = restart to first answer' });
  }

  if (REDIS) {
    const redis = await privateRedis();
    const figures: Figures[] = [];
    let missed = 0;
    let repeated = 0;
    try {
      for (let t = 0; t < REDIS; t++) {
        const target = await freshTarget('postgresql');
        const second = await openStore(target.database);
        const wards = (await target.store.db.selectFrom('units').select('code').where('kind', '=', 'ward').orderBy('code').execute()).map((u) => u.code);
        try {
          figures.push(
            await attempt(async () => {
              const f = await redisOutageTrial([target.store, second], redis, { token: target.token, wards, beforeMs: 1500, downMs: DOWN_MS, afterMs: 1000 });
              missed += f.missedEvents;
              repeated += f.repeatedEvents;
              return f;
            }),
          );
        } finally {
          await second.close();
          await dispose(target.store);
        }
      }
    } finally {
      await redis.kill();
    }
    report({
      scenario: 'Redis killed and restarted',
      figures,
      extra: `SSE events missed ${missed}, repeated ${repeated}; recovery = Redis back to a wake-up heard`,
    });
  }

  if (PG) {
    const cluster = await privatePostgres();
    const figures: Figures[] = [];
    try {
      for (let t = 0; t < PG; t++) {
        const target = await freshTarget('postgresql', cluster.url);
        try {
          figures.push(
            await attempt(() =>
              postgresRestartTrial(target, cluster, { token: target.token, writers: 2, batchSize: 200, beforeMs: 1500, downMs: DOWN_MS, afterMs: 1500 }),
            ),
          );
        } finally {
          await dispose(target.store);
        }
      }
    } finally {
      await cluster.dispose();
    }
    report({ scenario: 'PostgreSQL stopped and started', figures, extra: 'recovery = pg_ctl start to first 200' });
  }
} finally {
  // The schemas on the shared PostgreSQL (the private cluster went with its directory). A plain
  // client: a store opened on the database itself would migrate its public schema.
  const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
  await cleanup.connect();
  for (const schema of schemas) await cleanup.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
  await cleanup.end();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `done in ${((Date.now() - began) / 1000).toFixed(0)} s; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
