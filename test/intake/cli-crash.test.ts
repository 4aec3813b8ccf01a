import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertBuilt } from '../support/cli.ts';
import { cubeFromScratch, dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'vungxanh.js');
// The spawned CLI runs compiled: stop here, clearly, if dist/ is missing or older than src/.
assertBuilt();
const N = 30_000;
const WARDS = ['26734', '26737', '26740', '26743', '27139', '26896'];

/** The database URL the child process opens: the same SQLite file, or the test's PostgreSQL schema. */
function urlOf(store: { url: string; schema?: string }): string {
  return store.schema ? `${store.url}?options=${encodeURIComponent(`-c search_path=${store.schema}`)}` : store.url;
}

describe.each(ENGINES)('CLI import survives SIGKILL [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>> & { schema?: string };
  let file: string;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    file = join(mkdtempSync(join(tmpdir(), 'vx-crash-')), 'cases.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      lines.push(
        JSON.stringify({
          id: `K${i}`,
          confirmedDate: `2021-07-${String(1 + (i % 28)).padStart(2, '0')}`,
          unit: WARDS[i % WARDS.length],
          setting: i % 3 ? 'community' : 'quarantine',
          sourceKnown: i % 2 === 0,
          household: i % 4 ? null : `H${i % 97}`,
        }),
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
  });
  afterAll(async () => store.dispose());

  it('loses no acknowledged row, and a re-run completes without duplicates', async () => {
    const child = spawn(process.execPath, [CLI, '--database', urlOf(store), 'import', 'cases', file, '--batch', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = 0;
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? -9 : _code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        for (const m of stderr.matchAll(/committed (\d+) rows/g)) acknowledged = Math.max(acknowledged, Number(m[1]));
        if (acknowledged >= 2000 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => (acknowledged >= 2000 ? resolve() : reject(new Error(`import ended before it could be killed: ${stderr}`))));
    });
    expect(await exited).toBe(-9);

    const landed = new Set((await store.db.selectFrom('case_records').select('id').execute()).map((r) => r.id));
    expect(landed.size).toBeGreaterThanOrEqual(acknowledged);
    expect(landed.size).toBeLessThan(N);
    for (let i = 0; i < acknowledged; i++) expect(landed.has(`K${i}`)).toBe(true);

    const rerun = spawnSync(process.execPath, [CLI, '--database', urlOf(store), 'import', 'cases', file, '--batch', '5000'], { encoding: 'utf8' });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`${N - landed.size} mới / accepted, ${landed.size} không đổi / unchanged, 0 bị từ chối`));
    const dump = await dumpIntake(store);
    expect(dump.case_records).toHaveLength(N);
    expect(new Set(dump.case_records.map((r) => (r as { id: string }).id)).size).toBe(N);
    expect(dump.cube_cases).toEqual(await cubeFromScratch(store, store.hierarchy));
  }, 90_000);
});
