import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { assertBuilt } from '../support/cli.ts';
import { checkLanded, importProcess, liveFeed, prepareDatabase, serveProcess, writeCaseFile } from '../support/live-writes.ts';

// The spawned processes run compiled: stop here, clearly, if dist/ is missing or older than src/.
assertBuilt();

/**
 * `vungxanh import` and `vungxanh serve` on one SQLite file, with API writes arriving throughout
 * (issue 14): every import completes, no request gets a 5xx, nothing acknowledged is lost. Two
 * short runs here; `BENCH_MODE=runs npx tsx bench/live-writes.bench.ts` runs ten of 200,000 rows.
 */
const N = 20_000;
const RUNS = 2;

describe('a CLI import beside a running server, API writes throughout [sqlite]', () => {
  it(`${RUNS} runs: every import completes, 0 × 5xx, 0 lost`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vx-live-'));
    const file = join(dir, 'cases.ndjson');
    await writeCaseFile(file, N);
    try {
      await runs(dir, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

async function runs(dir: string, file: string): Promise<void> {
  for (let run = 1; run <= RUNS; run++) {
    const { store, url, token } = await prepareDatabase(`sqlite:${join(dir, `run-${run}.sqlite`)}`);
    const server = await serveProcess(url);
    try {
      const feed = liveFeed({ base: server.base, token, perSecond: 20, rows: 10, prefix: `run${run}` });
      // Slices of 2,000 rows at most: many commits, so the feed's writes fall between and inside them.
      const imported = await importProcess(url, file, { batch: 2000 });
      const answers = await feed.stop();
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`${N} mới / accepted`));
      expect(answers.statuses.length).toBeGreaterThan(5);
      expect(answers.statuses.filter((s) => s !== 200)).toEqual([]);
      expect([answers.failed, answers.refused]).toEqual([0, 0]);
      const landed = await checkLanded(store, answers.acknowledged);
      expect(landed).toEqual({ missing: 0, ledger: N + answers.acknowledged.length, cityCube: N + answers.acknowledged.length });
    } finally {
      await server.stop();
      await store.close();
    }
  }
}
