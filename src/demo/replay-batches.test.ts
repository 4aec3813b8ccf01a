import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { SimulatedRecord } from '../simulate/records.ts';
import { batchesWithoutRepeats, dueUntil, intakeKey } from './replay-batches.ts';

const record = fc.oneof(
  fc.record({ id: fc.constantFrom('A', 'B', 'C', 'D'), version: fc.integer({ min: 1, max: 3 }) }).map(({ id, version }): SimulatedRecord => ({
    kind: 'case',
    id,
    version,
    confirmedDate: '2021-07-01',
    unit: '26734',
    setting: 'community',
    sourceKnown: false,
    reportedAt: '',
  })),
  fc
    .record({ unit: fc.constantFrom('26734', '26737'), date: fc.constantFrom('2021-07-01', '2021-07-02') })
    .map(({ unit, date }): SimulatedRecord => ({ kind: 'test', unit, date, tested: 5, positive: 1, suspected: null, reportedAt: '' })),
);

describe('replay batches', () => {
  it('never hold a key twice, keep the order of each kind, and lose nothing', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (records, maxSize) => {
        const batches = [...batchesWithoutRepeats(records, maxSize)];
        for (const b of batches) {
          const keys = [...b.cases, ...b.tests].map(intakeKey);
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.length).toBeLessThanOrEqual(maxSize);
          expect(keys.length).toBeGreaterThan(0);
        }
        expect(batches.flatMap((b) => b.cases)).toEqual(records.filter((r) => r.kind === 'case'));
        expect(batches.flatMap((b) => b.tests)).toEqual(records.filter((r) => r.kind === 'test'));
      }),
    );
  });

  it('finds the records due by an instant', () => {
    const at = (t: string) =>
      ({ kind: 'test', unit: 'x', date: '2021-07-01', tested: 1, positive: 0, reportedAt: `2021-07-01T${t}:00.000Z` }) as SimulatedRecord;
    const records = [at('01:00'), at('02:00'), at('02:00'), at('05:00')];
    expect(dueUntil(records, 0, '2021-07-01T00:59:59.999Z')).toBe(0);
    expect(dueUntil(records, 0, '2021-07-01T02:00:00.000Z')).toBe(3);
    expect(dueUntil(records, 3, '2021-07-01T04:00:00.000Z')).toBe(3);
    expect(dueUntil(records, 0, '2021-08-01T00:00:00.000Z')).toBe(4);
  });
});
