import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { encodeCases } from '../../src/core/cases/case-columns.ts';
import type { CaseRecord } from '../../src/core/cases/records.ts';
import type { ValidatedPart } from '../../src/core/cases/validated-part.ts';
import { SETTINGS, SOURCE_PLACES } from '../../src/core/cube/daily-facts.ts';
import { dumpIntake, storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** Cases with few ids, so that repeats, corrections, stale versions and voids meet within a part, across parts and across batches. */
const caseRecord: fc.Arbitrary<CaseRecord> = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  version: fc.integer({ min: 1, max: 3 }),
  confirmedDate: fc.constantFrom('2021-07-01', '2021-07-02'),
  unit: fc.constantFrom('26734', '26740', '27139', '760'),
  setting: fc.constantFrom(...SETTINGS),
  sourceKnown: fc.boolean(),
  sourcePlace: fc.constantFrom(null, ...SOURCE_PLACES.slice(0, 2)),
  cluster: fc.constantFrom(null, 'K1'),
  household: fc.constantFrom(null, 'H1'),
  void: fc.boolean(),
});
/** A file's batches, each read in parts. */
const batches = fc.array(fc.array(fc.array(caseRecord, { maxLength: 5 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });

describe.each(ENGINES)('cases handed over as columns [%s]', (engine) => {
  let asRecords: Awaited<ReturnType<typeof storeWithUnits>>;
  let asColumns: Awaited<ReturnType<typeof storeWithUnits>>;
  let run = 0;
  beforeAll(async () => {
    [asRecords, asColumns] = await Promise.all([storeWithUnits(engine), storeWithUnits(engine)]);
  });
  afterAll(async () => Promise.all([asRecords.dispose(), asColumns.dispose()]));

  it('are decided, written and counted exactly as the same cases handed over as records', async () => {
    const records = new Intake(asRecords, asRecords.hierarchy);
    const columns = new Intake(asColumns, asColumns.hierarchy);
    const sender = { actor: 'prop', scope: null };
    const options = { channel: 'cli', strictFields: false };
    await fc.assert(
      fc.asyncProperty(batches, async (file) => {
        run++;
        let index = 0;
        for (const batch of file) {
          const parts = batch.map((rows) => rows.map((r) => ({ index: index++, record: { ...r, id: `${run}-${r.id}` } })));
          const one = await records.ingestParts(
            'cases',
            parts.map((valid): ValidatedPart<'cases'> => ({ valid, invalid: [], size: valid.length })),
            sender,
            options,
          );
          const two = await columns.ingestParts(
            'cases',
            parts.map((valid): ValidatedPart<'cases'> => ({ valid: [], cases: encodeCases(valid), invalid: [], size: valid.length })),
            sender,
            options,
          );
          expect([two.accepted, two.unchanged, two.rejected]).toEqual([one.accepted, one.unchanged, one.rejected]);
          expect(two.outcome.touched).toEqual(one.outcome.touched);
        }
        expect(await dumpIntake(asColumns)).toEqual(await dumpIntake(asRecords));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
