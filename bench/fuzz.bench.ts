/**
 * The full fuzz run of issue #17 item 1: the corpus (every route × every hostile body, file and
 * date) and FUZZ_GENERATED requests drawn by fast-check from FUZZ_SEED, against a real server on
 * SQLite and on PostgreSQL (VX_TEST_POSTGRES_URL, the tests' one, in a schema of its own). It
 * prints the requests sent, their statuses, and every failure: a 5xx, no answer, or a refusal
 * that is not a problem document. The floor is zero failures; the short sample of the same
 * generators runs in `npm test` (test/server/fuzz.api.test.ts).
 *
 *   npx tsx bench/fuzz.bench.ts            # ≥ 3,000 requests per database
 *   FUZZ_GENERATED=10000 FUZZ_SEED=7 npx tsx bench/fuzz.bench.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { openStore } from '../src/store/database.ts';
import { describeFailures, failures, fuzzRun, fuzzTarget, statusCounts } from '../test/support/fuzz.ts';
import { POSTGRES_URL } from '../test/support/postgres-url.ts';

const GENERATED = Number(process.env.FUZZ_GENERATED ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 2021);
const schema = `vxfuzz${process.pid}`;

const databases = {
  sqlite: `sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-fuzz-')), 'fuzz.sqlite')}`,
  postgresql: `${POSTGRES_URL}?schema=${schema}`,
};

let broken = 0;
try {
  for (const [engine, url] of Object.entries(databases)) {
    const store = await openStore(url);
    const target = await fuzzTarget(store);
    const started = performance.now();
    const outcomes = await fuzzRun(target, GENERATED, SEED);
    const seconds = (performance.now() - started) / 1000;
    await target.close();
    await store.close();
    const found = failures(outcomes);
    broken += found.length;
    const statuses = [...statusCounts(outcomes)].map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`${engine.padEnd(10)} ${outcomes.length} requests on ${target.routes.length} routes in ${seconds.toFixed(1)} s — ${statuses}`);
    console.log(`${' '.repeat(11)}failures: ${found.length} (floor 0)${found.length ? `\n${describeFailures(found, 50)}` : ''}`);
  }
} finally {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
process.exitCode = broken > 0 ? 1 : 0;
