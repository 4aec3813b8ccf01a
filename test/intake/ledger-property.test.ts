import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { SETTINGS } from '../../src/core/cube/daily-facts.ts';
import { cubeFromScratch, dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

const sortCube = (rows: Array<Record<string, unknown>>) =>
  [...rows].sort((a, b) => (`${a.unit_code}${a.date}${a.setting}${a.source_known}` < `${b.unit_code}${b.date}${b.setting}${b.source_known}` ? -1 : 1));

/** Rows as a sender might send them: few ids so versions collide, corrections, voids, counts. */
const caseRow = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd'),
  version: fc.integer({ min: 1, max: 3 }),
  confirmedDate: fc.constantFrom('2021-07-01', '2021-07-02'),
  unit: fc.constantFrom('26734', '26740', '27139'),
  setting: fc.constantFrom(...SETTINGS),
  sourceKnown: fc.boolean(),
  household: fc.constantFrom(undefined, 'H1'),
  void: fc.boolean(),
});
const countRow = fc.record({
  unit: fc.constantFrom('26740', '27139'),
  date: fc.constantFrom('2021-07-01', '2021-07-02'),
  setting: fc.constantFrom('community', 'quarantine'),
  sourceKnown: fc.boolean(),
  count: fc.integer({ min: 0, max: 5 }),
});

describe.each(ENGINES)('intake invariants on a real database [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let intake: Intake;
  let run = 0;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    intake = new Intake(store, store.hierarchy);
  });
  afterAll(async () => store.dispose());

  it('whatever arrives, the cube equals a from-scratch aggregation, and re-sending the last batch changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(caseRow, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fc.array(countRow, { maxLength: 4 }),
        async (batches, counts) => {
          run++;
          const sender = { actor: 'prop', scope: null };
          const options = { channel: 'test', strictFields: true };
          for (const batch of batches) {
            const rows = batch.map((r, index) => ({ index, values: { ...r, id: `${run}-${r.id}`, household: r.household ?? null } }));
            await intake.ingest('cases', rows, sender, options);
          }
          await intake.ingest(
            'counts',
            counts.map((values, index) => ({ index, values })),
            sender,
            options,
          );
          const before = await dumpIntake(store);
          expect(sortCube(before.cube_cases as Array<Record<string, unknown>>)).toEqual(await cubeFromScratch(store, store.hierarchy));
          const last = batches[batches.length - 1].map((r, index) => ({ index, values: { ...r, id: `${run}-${r.id}`, household: r.household ?? null } }));
          const again = await intake.ingest('cases', last, sender, options);
          expect(again.accepted).toBe(0);
          expect(await dumpIntake(store)).toEqual(before);
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);
});
