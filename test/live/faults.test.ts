import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { postgresRestartTrial, redisOutageTrial, type Target } from '../support/fault-trials.ts';
import { type PrivatePostgres, privatePostgres, type PrivateRedis, privateRedis } from '../support/faults.ts';
import { withUnits } from '../support/intake.ts';
import { freshStore, POSTGRES_URL } from '../support/stores.ts';

/**
 * Issue 14's fault suite, one trial of each outage (the long runs: bench/faults.bench.ts; the
 * SIGKILLs of the CLI and the server: test/intake/cli-crash.test.ts and api-crash.test.ts, which run the same trials).
 * Nothing acknowledged may be lost, and service must come back by itself.
 */
describe('Redis dies and comes back under two instances on PostgreSQL', () => {
  let redis: PrivateRedis;
  let store: Awaited<ReturnType<typeof freshStore>>;
  let second: Store;
  let token = '';
  let wards: string[] = [];
  beforeAll(async () => {
    redis = await privateRedis();
    store = await freshStore('postgresql');
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    // The second instance on connections of its own, as another process would be.
    second = await openStore(`${POSTGRES_URL}?schema=${store.schema}`);
    wards = (await store.db.selectFrom('units').select('code').where('kind', '=', 'ward').orderBy('code').execute()).map((u) => u.code).slice(0, 120);
  }, 60_000);
  afterAll(async () => {
    await redis?.kill();
    await second?.close();
    await store?.dispose();
  });

  it('writes are answered throughout, each client gets every change once, and a Redis wake-up works again', async () => {
    const f = await redisOutageTrial([store, second], redis, { token, wards, beforeMs: 1000, downMs: 2000, afterMs: 500 });
    expect(f.notes).toEqual([]);
    expect(f.acknowledged).toBeGreaterThan(5);
    expect(f.serverErrors).toBe(0);
    expect(Object.keys(f.answers)).toEqual(['200']);
    expect(f.lost).toBe(0);
    expect(f.missedEvents).toBe(0);
    expect(f.repeatedEvents).toBe(0);
    expect(f.resumed).toBe(true);
  }, 120_000);
});

describe('PostgreSQL restarts under a running server', () => {
  let cluster: PrivatePostgres;
  let target: Target;
  let token = '';
  beforeAll(async () => {
    cluster = await privatePostgres();
    const database = `${cluster.url}?schema=vx`;
    const store = await withUnits(await openStore(database));
    target = { store, hierarchy: store.hierarchy, database };
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
  }, 90_000);
  afterAll(async () => {
    await target?.store.close();
    await cluster?.dispose();
  });

  it('answers 503 with Retry-After while it is away, loses nothing acknowledged, and writes, LISTEN and the open stream resume', async () => {
    const f = await postgresRestartTrial(target, cluster, { token, writers: 2, batchSize: 200, beforeMs: 1500, downMs: 2000, afterMs: 1500 });
    expect(f.notes).toEqual([]);
    expect(f.serverErrors).toBe(0);
    expect(f.answers.timeout ?? 0).toBe(0);
    expect(f.answers.refused ?? 0).toBe(0);
    expect(f.acknowledged).toBeGreaterThan(0);
    expect(f.lost).toBe(0);
    expect(f.cubeMatches).toBe(true);
    expect(f.resumed).toBe(true);
  }, 120_000);
});
