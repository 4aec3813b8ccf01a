import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { assertBuilt } from '../support/cli.ts';
import { freePort } from '../support/free-port.ts';
import { cubeFromScratch, dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

const CLI = join(import.meta.dirname, '..', '..', 'bin', 'vungxanh.js');
// The spawned CLI runs compiled: stop here, clearly, if dist/ is missing or older than src/.
assertBuilt();
const BATCHES = 20;
const WARDS = ['26734', '26737', '26740', '26743', '27139', '26896'];

const batch = (b: number) =>
  JSON.stringify(
    Array.from({ length: 1000 }, (_, k) => ({
      id: `S${b}-${k}`,
      confirmedDate: `2021-07-${String(1 + (k % 28)).padStart(2, '0')}`,
      unit: WARDS[(b + k) % WARDS.length],
      setting: 'community',
      sourceKnown: k % 2 === 0,
    })),
  );

/** Starts `vungxanh serve` as a real process and waits until it listens. */
async function serve(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, '--database', url, 'serve', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VX_DEMO: '0' },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('http://')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return child;
}

describe.each(ENGINES)('API import survives a server SIGKILL [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>> & { schema?: string };
  let url: string;
  let token: string;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    url = store.schema ? `${store.url}?options=${encodeURIComponent(`-c search_path=${store.schema}`)}` : store.url;
    token = (await createToken(store.db, { label: 'feed', role: 'data_officer', scope: '79' }, 'test')).token;
  });
  afterAll(async () => store.dispose());

  it('keeps every acknowledged batch, and re-sending everything completes without duplicates', async () => {
    const port = await freePort();
    const post = (b: number) =>
      fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: batch(b),
      });
    let server = await serve(url, port);
    const acknowledged: number[] = [];
    for (let b = 0; b < 5; b++) {
      const r = await post(b);
      expect(r.status).toBe(200);
      acknowledged.push(b);
    }
    // Two batches in flight when the server dies: whatever they did, nothing acknowledged is lost.
    const inFlight = [post(5).catch(() => null), post(6).catch(() => null)];
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    const answered = (await Promise.all(inFlight)).filter((r) => r?.status === 200).length;

    const landed = new Set((await store.db.selectFrom('case_records').select('id').execute()).map((r) => r.id));
    for (const b of acknowledged) for (let k = 0; k < 1000; k++) expect(landed.has(`S${b}-${k}`)).toBe(true);
    expect(landed.size).toBeGreaterThanOrEqual((acknowledged.length + answered) * 1000);

    server = await serve(url, port);
    try {
      for (let b = 0; b < BATCHES; b++) {
        const answer = await (await post(b)).json();
        expect(answer.rejected).toEqual([]);
        expect(answer.accepted + answer.unchanged).toBe(1000);
        if (acknowledged.includes(b)) expect(answer.unchanged).toBe(1000);
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    const dump = await dumpIntake(store);
    expect(dump.case_records).toHaveLength(BATCHES * 1000);
    expect(dump.cube_cases).toEqual(await cubeFromScratch(store, store.hierarchy));
  }, 90_000);
});
