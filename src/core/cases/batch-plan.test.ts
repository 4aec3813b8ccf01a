import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { SETTINGS } from '../cube/daily-facts.ts';
import { contribute, type EarlierParts, planBatch } from './batch-plan.ts';
import { chainCache } from './cube-delta.ts';
import { CubeDelta } from './cube-delta.ts';
import { type CaseRecord, recordKey } from './records.ts';

const parents: Record<string, string | null> = { '79': null, '760': '79', '770': '79', a: '760', b: '760', c: '770' };
const chainOf = chainCache((u) => {
  const out: string[] = [];
  for (let p = parents[u]; p != null; p = parents[p]) out.push(p);
  return out;
});

/** Applies plans to an in-memory ledger and cube, as the store does. */
class Ledger {
  current = new Map<string, CaseRecord>();
  cube = new Map<string, number>();
  send(batch: CaseRecord[]) {
    const plan = planBatch(
      'cases',
      batch.map((record, index) => ({ index, record })),
      this.current,
      chainOf,
    );
    for (const w of plan.writes) this.current.set(w.id, w);
    for (const [k, d] of plan.delta.cases) {
      const v = (this.cube.get(k) ?? 0) + d;
      if (v === 0) this.cube.delete(k);
      else this.cube.set(k, v);
    }
    return plan;
  }
}

/** The cube aggregated from scratch from the current ledger. */
function fromScratch(ledger: Ledger): Map<string, number> {
  const delta = new CubeDelta(chainOf);
  for (const r of ledger.current.values()) contribute('cases', delta, r, 1);
  return new Map([...delta.cases].filter(([, v]) => v !== 0));
}

const caseArb = fc.record({
  id: fc.constantFrom('1', '2', '3', '4', '5', '6'),
  version: fc.integer({ min: 1, max: 3 }),
  confirmedDate: fc.constantFrom('2021-07-01', '2021-07-02', '2021-07-03'),
  unit: fc.constantFrom('a', 'b', 'c'),
  setting: fc.constantFrom(...SETTINGS),
  sourceKnown: fc.boolean(),
  sourcePlace: fc.constant(null),
  cluster: fc.constantFrom(null, 'K1'),
  household: fc.constantFrom(null, 'H1'),
  void: fc.boolean(),
});
const batches = fc.array(fc.array(caseArb, { maxLength: 8 }), { maxLength: 6 });

describe('planBatch (cases)', () => {
  it('keeps the cube equal to a from-scratch aggregation of the ledger, whatever arrives', () => {
    fc.assert(
      fc.property(batches, (bs) => {
        const ledger = new Ledger();
        for (const b of bs) ledger.send(b);
        expect(ledger.cube).toEqual(fromScratch(ledger));
      }),
    );
  });

  it('re-sending a batch changes nothing and answers all unchanged', () => {
    fc.assert(
      fc.property(batches, fc.array(caseArb, { maxLength: 8 }), (before, batch) => {
        const ledger = new Ledger();
        for (const b of before) ledger.send(b);
        const first = ledger.send(batch);
        const snapshot = [new Map(ledger.current), new Map(ledger.cube)];
        const second = ledger.send(batch);
        expect([ledger.current, ledger.cube]).toEqual(snapshot);
        expect(second.accepted).toBe(0);
        expect(second.writes).toEqual([]);
        // What was accepted or unchanged the first time is unchanged now; refusals stay refusals.
        expect(second.unchanged).toBe(first.accepted + first.unchanged);
      }),
    );
  });

  it('a void record counts nowhere', () => {
    fc.assert(
      fc.property(batches, (bs) => {
        const ledger = new Ledger();
        for (const b of bs) ledger.send(b);
        const total = [...ledger.cube].filter(([k]) => k.startsWith('79\u0001')).reduce((s, [, v]) => s + v, 0);
        expect(total).toBe([...ledger.current.values()].filter((r) => !r.void).length);
      }),
    );
  });

  it.each([
    ['same version, same content', { version: 1 }, 'unchanged'],
    ['higher version', { version: 2, unit: 'c' }, 'accepted'],
    ['lower version', { version: 0 }, 'stale_version'],
    ['same version, other content', { version: 1, unit: 'c' }, 'version_conflict'],
  ])('ledger rule: %s', (_label, change, outcome) => {
    const stored: CaseRecord = {
      id: 'X',
      version: 1,
      confirmedDate: '2021-07-01',
      unit: 'a',
      setting: 'community',
      sourceKnown: true,
      sourcePlace: null,
      cluster: null,
      household: null,
      void: false,
    };
    const plan = planBatch('cases', [{ index: 0, record: { ...stored, ...change } }], new Map([[recordKey('cases', stored), stored]]), chainOf);
    const got = plan.accepted ? 'accepted' : plan.unchanged ? 'unchanged' : plan.rejected[0].errors[0].code;
    expect(got).toBe(outcome);
    if (outcome === 'accepted') {
      // The old unit loses the case, the new one gains it, the city is unchanged.
      expect(plan.delta.cases.get('a\u00012021-07-01\u0001community\u00011')).toBe(-1);
      expect(plan.delta.cases.get('c\u00012021-07-01\u0001community\u00011')).toBe(1);
      expect(plan.delta.cases.get('79\u00012021-07-01\u0001community\u00011') ?? 0).toBe(0);
    }
  });

  it('refuses the same id twice in one batch with different content', () => {
    const r: CaseRecord = {
      id: 'X',
      version: 1,
      confirmedDate: '2021-07-01',
      unit: 'a',
      setting: 'community',
      sourceKnown: true,
      sourcePlace: null,
      cluster: null,
      household: null,
      void: false,
    };
    const plan = planBatch(
      'cases',
      [
        { index: 0, record: r },
        { index: 1, record: { ...r, unit: 'b' } },
        { index: 2, record: r },
      ],
      new Map(),
      chainOf,
    );
    expect([plan.accepted, plan.unchanged, plan.rejected.map((x) => [x.index, x.errors[0].code])]).toEqual([1, 1, [[1, 'duplicate_in_batch']]]);
  });
});

/**
 * A batch planned part by part, as the store does when it reads a file while the transaction is
 * open: each part's writes land before the next part is planned, and the lookup tells which
 * current records this batch itself wrote.
 */
function planInParts(current: ReadonlyMap<string, CaseRecord>, batch: CaseRecord[], cuts: number[]) {
  const working = new Map(current);
  const earlier: EarlierParts<'cases'> = { written: new Set(), unchanged: new Set(), refused: new Map() };
  const delta = new CubeDelta(chainOf);
  const out = { accepted: 0, unchanged: 0, rejected: [] as Array<[number, string]> };
  const bounds = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < batch.length).sort((a, b) => a - b), batch.length];
  for (let p = 0; p + 1 < bounds.length; p++) {
    const part = batch.slice(bounds[p], bounds[p + 1]).map((record, k) => ({ index: bounds[p] + k, record }));
    const plan = planBatch('cases', part, working, chainOf, delta, {
      written: new Set(earlier.written),
      unchanged: earlier.unchanged,
      refused: earlier.refused,
    });
    for (const w of plan.writes) {
      working.set(w.id, w);
      (earlier.written as Set<string>).add(w.id);
    }
    out.accepted += plan.accepted;
    out.unchanged += plan.unchanged;
    out.rejected.push(...plan.rejected.map((r): [number, string] => [r.index, r.errors[0].code]));
  }
  return { ...out, current: working, cube: new Map([...delta.cases].filter(([, v]) => v !== 0)) };
}

describe('planBatch over a batch read in parts', () => {
  it('decides every row as the batch planned whole does, wherever the parts are cut', () => {
    fc.assert(
      fc.property(batches, fc.array(caseArb, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }), (before, batch, cuts) => {
        const ledger = new Ledger();
        for (const b of before) ledger.send(b);
        const history = new Map(ledger.current);
        const whole = ledger.send(batch);
        const parts = planInParts(history, batch, cuts);
        expect([parts.accepted, parts.unchanged, parts.rejected]).toEqual([
          whole.accepted,
          whole.unchanged,
          whole.rejected.map((r) => [r.index, r.errors[0].code]),
        ]);
        expect(parts.current).toEqual(ledger.current);
        expect(parts.cube).toEqual(new Map([...whole.delta.cases].filter(([, v]) => v !== 0)));
      }),
    );
  });

  it('an id unchanged in an earlier part and sent again with a higher version later is refused, as in one part', () => {
    const r: CaseRecord = {
      id: 'X',
      version: 1,
      confirmedDate: '2021-07-01',
      unit: 'a',
      setting: 'community',
      sourceKnown: true,
      sourcePlace: null,
      cluster: null,
      household: null,
      void: false,
    };
    const parts = planInParts(new Map([['X', r]]), [r, { ...r, version: 2, unit: 'b' }], [1]);
    expect([parts.accepted, parts.unchanged, parts.rejected]).toEqual([0, 1, [[1, 'duplicate_in_batch']]]);
  });

  it('a re-sent batch keeps only the keys it found unchanged, not their records, until its commit', () => {
    const rows: CaseRecord[] = Array.from({ length: 50 }, (_, i) => ({
      id: `R${i}`,
      version: 1,
      confirmedDate: '2021-07-01',
      unit: 'a',
      setting: 'community',
      sourceKnown: true,
      sourcePlace: null,
      cluster: null,
      household: null,
      void: false,
    }));
    const stored = new Map(rows.map((r) => [r.id, r]));
    const earlier: EarlierParts<'cases'> = { written: new Set(), unchanged: new Set(), refused: new Map() };
    const plan = planBatch(
      'cases',
      rows.map((record, index) => ({ index, record })),
      stored,
      chainOf,
      undefined,
      earlier,
    );
    expect([plan.unchanged, earlier.unchanged.size, earlier.refused.size]).toEqual([50, 50, 0]);
  });
});

describe('planBatch (tests and counts)', () => {
  it('a later test report replaces the earlier one in the cube', () => {
    const first = planBatch('tests', [{ index: 0, record: { unit: 'a', date: '2021-07-01', tested: 10, positive: 2, suspected: null } }], new Map(), chainOf);
    const stored = new Map([['a|2021-07-01', first.writes[0]]]);
    const second = planBatch('tests', [{ index: 0, record: { unit: 'a', date: '2021-07-01', tested: 15, positive: 1, suspected: null } }], stored, chainOf);
    expect(second.delta.rows().tests.filter((r) => r.unit === '79')).toEqual([{ unit: '79', date: '2021-07-01', tested: 5, positive: -1, suspected: null }]);
    const again = planBatch('tests', [{ index: 0, record: first.writes[0] }], stored, chainOf);
    expect([again.accepted, again.unchanged]).toEqual([0, 1]);
  });
});
