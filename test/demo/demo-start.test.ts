import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { frozenCutDates } from '../../src/store/campaign-store.ts';
import { openStore } from '../../src/store/database.ts';
import { assertBuilt } from '../support/cli.ts';
import { freePort } from '../support/free-port.ts';

const cli = join(import.meta.dirname, '..', '..', 'bin', 'vungxanh.js');
// The spawned CLI runs compiled: stop here, clearly, if dist/ is missing or older than src/.
assertBuilt();
const CAMPAIGN = 'hcmc-2021-vung-xanh';

interface Started {
  child: ChildProcess;
  url: string;
  seconds: number;
  output: () => string;
}

/** Starts the server exactly as `npm start` does (`node bin/vungxanh.js serve`), and waits until it listens. */
async function startServe(database: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn('node', [cli, 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VX_DATABASE_URL: database, VX_BUS_URL: '', VX_DEMO: '', VX_FRESH: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 80 s:\n${out}`)), 80_000);
    const check = () => {
      if (out.includes('Vùng Xanh: http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, seconds: (performance.now() - began) / 1000, output: () => out };
}

async function stopServe(s: Started): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  await exited;
}

const json = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as any };
};

describe('the first command: `npm start` on a fresh SQLite database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vx-demo-start-'));
  const database = `sqlite:${join(dir, 'demo.sqlite')}`;
  const running: Started[] = [];
  afterAll(async () => {
    for (const s of running) await stopServe(s);
  });

  it('serves the demo: four levels on the map, ranked standings, the notice; a second start continues; VX_DEMO=0 loads no data', async () => {
    // 1. Fresh start: geography, campaign and simulated data preloaded, replay running.
    const first = await startServe(database);
    running.push(first);
    console.log(`demo start, fresh database: ready ${first.seconds.toFixed(1)} s after spawn`);
    expect(first.output()).toMatch(/loaded \d+ simulated records up to 2021-07-14T11:00:00.000Z/);

    const levels = await json(`${first.url}/api/v1/levels?kind=ward`);
    expect(levels.status).toBe(200);
    expect(new Set(Object.values(levels.body.levels))).toEqual(new Set([0, 1, 2, 3]));
    // "Computed at" is simulated time (the replay's clock), not the machine's.
    expect(levels.body.computedAt.startsWith('2021-07-')).toBe(true);

    const standings = await json(`${first.url}/api/v1/campaigns/${CAMPAIGN}/standings?group=ward`);
    expect(standings.status).toBe(200);
    expect(standings.body.ranked).toBeGreaterThan(0);
    // One clock on every page: the answer is stamped on the simulated clock, in July 2021, not today's.
    expect(standings.body.computedAt.slice(0, 7)).toBe('2021-07');
    // Official cuts up to the start were frozen from the levels as published at each cut.
    const campaign = await json(`${first.url}/api/v1/campaigns/${CAMPAIGN}`);
    expect(campaign.body.campaign.status).toBe('running');
    expect(campaign.body.cuts.ward).toEqual(expect.arrayContaining(['2021-07-09', '2021-07-14']));
    // Frozen in the database by the preload, not only due: 09–13/07 (14/07's cut is at 18:00, after the start).
    const reader = await openStore(database, { migrate: false });
    try {
      const frozen = await frozenCutDates(reader.db, CAMPAIGN);
      expect([...(frozen.get('ward') ?? [])].sort()).toEqual(expect.arrayContaining(['2021-07-09', '2021-07-10', '2021-07-11', '2021-07-12', '2021-07-13']));
    } finally {
      await reader.close();
    }

    const status = await json(`${first.url}/api/v1/status`);
    expect(status.body).toMatchObject({
      simulated: true,
      notice: { vi: 'Dữ liệu mô phỏng — không phải số liệu thật' },
      replay: { state: 'running', speed: 3600 },
    });

    // Every export says so on its first line.
    const csv = await (await fetch(`${first.url}/api/v1/campaigns/${CAMPAIGN}/standings?group=ward&format=csv`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Dữ liệu mô phỏng — không phải số liệu thật / Simulated data — not real figures');

    // Controls: public status, admin-only commands.
    expect((await json(`${first.url}/api/v1/replay`)).body.state).toBe('running');
    const anonymous = await json(`${first.url}/api/v1/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'pause' }),
    });
    expect(anonymous.status).toBe(401);
    const store = await openStore(database);
    const { token } = await createToken(store.db, { label: 'demo test', role: 'admin', scope: '79' }, 'test');
    await store.close();
    const post = (body: unknown) =>
      json(`${first.url}/api/v1/replay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    expect((await post({ action: 'jump', date: '2021-07-01' })).status).toBe(409);
    expect((await post({ action: 'jump' })).status).toBe(400);
    // A jump forward stops at each cut on its way, so the skipped days' official standings exist and are ranked.
    const jumped = await post({ action: 'jump', date: '2021-07-17' });
    expect(jumped.status).toBe(200);
    expect(Date.parse(jumped.body.at)).toBeGreaterThanOrEqual(Date.parse('2021-07-17T00:00:00+07:00'));
    expect((await json(`${first.url}/api/v1/campaigns/${CAMPAIGN}`)).body.cuts.ward).toEqual(expect.arrayContaining(['2021-07-15', '2021-07-16']));
    const cut = await json(`${first.url}/api/v1/campaigns/${CAMPAIGN}/standings?group=ward&official=true&date=2021-07-16`);
    expect(cut.status).toBe(200);
    expect(cut.body.ranked).toBeGreaterThan(0);
    const paused = await post({ action: 'pause' });
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await json(`${first.url}/api/v1/replay`)).body.at).toBe(paused.body.at);
    await stopServe(first);

    // 2. Second start: the same database, no reload, the replay where it stopped (still paused).
    const second = await startServe(database);
    running.push(second);
    console.log(`demo start, second start on the same database: ready ${second.seconds.toFixed(1)} s after spawn`);
    expect(second.output()).not.toMatch(/loaded \d+ simulated records/);
    const resumed = await json(`${second.url}/api/v1/replay`);
    expect(resumed.body).toMatchObject({ state: 'paused', fedThrough: paused.body.fedThrough, fed: paused.body.fed });
    await stopServe(second);

    // 3. VX_DEMO=0 on another fresh database: geography and campaign, no simulated data, no replay.
    const real = await startServe(`sqlite:${join(dir, 'real.sqlite')}`, { VX_DEMO: '0' });
    running.push(real);
    console.log(`VX_DEMO=0 start: ready ${real.seconds.toFixed(1)} s after spawn`);
    expect((await json(`${real.url}/api/v1/status`)).body).toEqual({ simulated: false, notice: null, simulatedNeighbourhoods: false, replay: null });
    expect((await json(`${real.url}/api/v1/replay`)).status).toBe(404);
    expect((await json(`${real.url}/api/v1/campaigns`)).body.campaigns).toHaveLength(1);
    await stopServe(real);
  }, 150_000);
});
