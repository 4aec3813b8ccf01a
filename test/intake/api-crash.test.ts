import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { serverKillTrial, type Target, targetOf } from '../support/fault-trials.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** One trial of issue 14's fault suite (test/support/fault-trials.ts; the long runs: bench/faults.bench.ts). */
describe.each(ENGINES)('API writes survive a server SIGKILL [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let target: Target;
  let token: string;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    target = targetOf(store);
    token = (await createToken(store.db, { label: 'feed', role: 'data_officer', scope: '79' }, 'test')).token;
  });
  afterAll(async () => store.dispose());

  it('keeps every acknowledged batch; a restarted server takes everything again without duplicates, and streams', async () => {
    // Two writers: batches are in flight when the server dies, whatever they did.
    const f = await serverKillTrial(target, { token, batches: 20, batchSize: 1000, writers: 2, killAfter: 5 });
    expect(f.notes).toEqual([]);
    expect(f.acknowledged).toBeGreaterThanOrEqual(5000);
    expect(f.lost).toBe(0);
    expect(f.serverErrors).toBe(0);
    expect(f.cubeMatches).toBe(true);
    expect(f.resumed).toBe(true);
  }, 120_000);
});
