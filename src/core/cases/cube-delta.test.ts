import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SETTINGS, SOURCE_PLACES } from '../cube/daily-facts.ts';
import { encodeCases } from './case-columns.ts';
import { chainCache, CubeDelta, type CubeDeltaRows } from './cube-delta.ts';
import type { CaseRecord } from './records.ts';

const parents: Record<string, string | null> = { w1: 'd1', w2: 'd1', w3: 'd2', d1: 'c', d2: 'c', c: null };
const chainOf = chainCache((unit) => {
  const out: string[] = [];
  for (let p = parents[unit]; p; p = parents[p]) out.push(p);
  return out;
});

const caseRecord: fc.Arbitrary<CaseRecord> = fc.record({
  id: fc.constantFrom('a', 'b'),
  version: fc.constant(1),
  confirmedDate: fc.constantFrom('2021-07-01', '2021-07-02', '2021-06-30'),
  unit: fc.constantFrom('w1', 'w2', 'w3', 'd2'),
  setting: fc.constantFrom(...SETTINGS),
  sourceKnown: fc.boolean(),
  sourcePlace: fc.constantFrom(null, ...SOURCE_PLACES.slice(0, 2)),
  cluster: fc.constantFrom(null, 'K1', 'K2'),
  household: fc.constantFrom(null, 'H1'),
  void: fc.boolean(),
});

/** The cube rows the records give, summed the plain way: one key string per record and unit. */
function naive(signed: Array<[CaseRecord, 1 | -1]>): CubeDeltaRows {
  const sums = new Map<string, number>();
  const add = (key: string, by: number) => sums.set(key, (sums.get(key) ?? 0) + by);
  for (const [r, sign] of signed) {
    if (r.void) continue;
    for (const u of chainOf(r.unit)) {
      add(`cases|${u}|${r.confirmedDate}|${r.setting}|${r.sourceKnown}`, sign);
      if (r.setting === 'community' && r.cluster !== null) add(`clusters|${u}|${r.confirmedDate}|${r.cluster}|${r.sourceKnown}`, sign);
      if (r.setting === 'community' && r.sourcePlace !== null) add(`sourcePlaces|${u}|${r.confirmedDate}|${r.sourcePlace}`, sign);
      if (r.household !== null) add(`households|${u}|${r.confirmedDate}|${r.household}`, sign);
    }
  }
  const out: CubeDeltaRows = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
  for (const [key, delta] of sums) {
    if (delta === 0) continue;
    const [table, unit, date, a, b] = key.split('|');
    if (table === 'cases') out.cases.push({ unit, date, setting: a as CaseRecord['setting'], sourceKnown: b === 'true', delta });
    if (table === 'clusters') out.clusters.push({ unit, date, cluster: a, sourceKnown: b === 'true', delta });
    if (table === 'sourcePlaces') out.sourcePlaces.push({ unit, date, place: a as CaseRecord['sourcePlace'] & string, delta });
    if (table === 'households') out.households.push({ unit, date, household: a, delta });
  }
  return out;
}

const sorted = (rows: CubeDeltaRows) => Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, [...v].map((r) => JSON.stringify(r)).sort()]));

describe('CubeDelta', () => {
  it('rolls every table up to the ancestors exactly as a plain per-record sum, whether records come as objects or columns, whole or merged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(caseRecord, fc.constantFrom<1 | -1>(1, -1)), { maxLength: 30 }), fc.nat(30), (signed, cut) => {
        const objects = new CubeDelta(chainOf);
        for (const [r, sign] of signed) objects.addCase(r, sign);
        const columns = new CubeDelta(chainOf);
        const c = encodeCases(signed.map(([record], index) => ({ index, record })));
        signed.forEach(([, sign], i) => columns.addCaseAt(c, i, sign));
        const merged = new CubeDelta(chainOf);
        const [head, tail] = [new CubeDelta(chainOf), new CubeDelta(chainOf)];
        signed.forEach(([r, sign], i) => (i < cut ? head : tail).addCase(r, sign));
        merged.addAll(head);
        merged.addAll(tail);
        const expected = sorted(naive(signed));
        for (const delta of [objects, columns, merged]) expect(sorted(delta.rows())).toEqual(expected);
        const named = signed.filter(([r]) => !r.void);
        expect([...objects.units].sort()).toEqual([...new Set(named.map(([r]) => r.unit))].sort());
        expect([objects.from, objects.to]).toEqual(
          named.length === 0
            ? [null, null]
            : [
                named.map(([r]) => r.confirmedDate).sort()[0],
                named
                  .map(([r]) => r.confirmedDate)
                  .sort()
                  .at(-1),
              ],
        );
        expect([merged.units, merged.from, merged.to]).toEqual([objects.units, objects.from, objects.to]);
      }),
    );
  });
});
