import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cliKillTrial, targetOf } from '../support/fault-trials.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** One trial of issue 14's fault suite (test/support/fault-trials.ts; the long runs: bench/faults.bench.ts). */
describe.each(ENGINES)('CLI import survives SIGKILL [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  beforeAll(async () => void (store = await storeWithUnits(engine)));
  afterAll(async () => store.dispose());

  it('loses no acknowledged row, and a re-run completes without duplicates', async () => {
    const f = await cliKillTrial(targetOf(store), { rows: 30_000, killAfter: 2000 });
    expect(f.notes).toEqual([]);
    expect(f.acknowledged).toBeGreaterThanOrEqual(2000);
    expect(f.lost).toBe(0);
    expect(f.cubeMatches).toBe(true);
    expect(f.resumed).toBe(true);
  }, 120_000);
});
