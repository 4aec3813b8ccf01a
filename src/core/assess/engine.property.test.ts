import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AS_OF, book, type CaseSpec, factsFor, RULEBOOKS, smallCity, START } from '../../../test/support/engine-fixtures.ts';
import { SETTINGS, SOURCE_PLACES } from '../cube/daily-facts.ts';
import type { RiskFactor } from './analyst-inputs.ts';
import { addDays } from './day-axis.ts';
import { RiskEngine } from './engine.ts';
import { pathToGreen } from './explain.ts';

const geo = smallCity();
const LEAVES = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'X0', 'X1', 'X2', 'W1-N1', 'W1-N2', 'W1-N1-T1', 'W1-N1-T2', 'D4'];
const FACTOR_TYPES = ['uncontrolled_source', 'f1_in_community', 'uncontrolled_source_spread', 'household_contact', 'vaccination_coverage_18plus_1dose'];

const dateArb = fc.integer({ min: 0, max: 30 }).map((d) => addDays(START, d));
const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  unit: fc.constantFrom(...LEAVES),
  date: dateArb,
  setting: fc.constantFrom(...SETTINGS),
  sourceKnown: fc.boolean(),
  cases: fc.integer({ min: 1, max: 40 }),
  cluster: fc.option(fc.constantFrom('K1', 'K2', 'K3'), { nil: undefined }),
  place: fc.option(fc.constantFrom(...SOURCE_PLACES), { nil: undefined }),
  household: fc.option(fc.constantFrom('h1', 'h2', 'h3', 'h4'), { nil: undefined }),
});
const factorArb: fc.Arbitrary<RiskFactor> = fc
  .record({
    id: fc.integer({ min: 1, max: 1000 }),
    unit: fc.constantFrom(...LEAVES, 'D1', 'D3', '79'),
    type: fc.constantFrom(...FACTOR_TYPES),
    from: dateArb,
    to: fc.option(dateArb, { nil: null }),
    value: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    note: fc.constant('ghi chú'),
    author: fc.constant('analyst'),
  })
  .map((f) => (f.to !== null && f.to < f.from ? { ...f, to: f.from } : f));
const bookArb = fc.constantFrom(...RULEBOOKS.keys());

function build(rulebook: string, cases: CaseSpec[], factors: RiskFactor[], asOf = AS_OF, mode?: 'derived'): RiskEngine {
  const rb = mode ? { ...book(rulebook), neighbourMode: mode } : book(rulebook);
  const engine = new RiskEngine({ rulebook: rb, geography: geo, start: START, asOf });
  engine.loadFacts(factsFor(geo.hierarchy, cases));
  engine.setAnalystInputs(factors, []);
  engine.recomputeAll();
  return engine;
}

const runs = { numRuns: Number(process.env.VX_PROPERTY_RUNS ?? 60) };

describe('engine invariants', () => {
  it('adding a community case never lowers any level on any date', () => {
    fc.assert(
      fc.property(bookArb, fc.array(caseArb, { maxLength: 25 }), fc.array(factorArb, { maxLength: 4 }), caseArb, (id, cases, factors, extra) => {
        const before = build(id, cases, factors);
        const after = build(id, [...cases, { ...extra, setting: 'community' }], factors);
        for (let i = 0; i < before.final.length; i++) if (after.final[i] < before.final[i]) return false;
        return true;
      }),
      runs,
    );
  });

  it('with no new case every unit is green from its path-to-green date on, and not the day before', () => {
    fc.assert(
      fc.property(bookArb, fc.array(caseArb, { maxLength: 25 }), fc.array(factorArb, { maxLength: 3 }), (id, cases, factors) => {
        const now = build(id, cases, factors);
        // The same data seen from far later: every later date really has no new case.
        const later = build(id, cases, factors, addDays(AS_OF, 90));
        for (const unit of geo.units) {
          if (!now.isAssessed(unit.code)) continue;
          const path = pathToGreen(now, unit.code)!;
          if (path.date === null) {
            expect(later.levelAt(unit.code, path.horizon)).not.toBe(0);
            continue;
          }
          for (let d = path.date; d <= addDays(AS_OF, 90); d = addDays(d, 1)) expect(later.levelAt(unit.code, d), `${unit.code} ${d}`).toBe(0);
          if (!path.alreadyGreen) {
            expect(later.levelAt(unit.code, addDays(path.date, -1))).not.toBe(0);
            expect(path.holding.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('re-running on the same data, in any order, gives identical output', () => {
    fc.assert(
      fc.property(bookArb, fc.array(caseArb, { maxLength: 25 }), fc.array(factorArb, { maxLength: 3 }), (id, cases, factors) => {
        const a = build(id, cases, factors);
        const b = build(id, [...cases].reverse(), [...factors].reverse());
        a.recomputeAll();
        return Buffer.from(a.final).equals(Buffer.from(b.final));
      }),
      runs,
    );
  });

  it('a voided case, removed incrementally, equals never sending it', () => {
    fc.assert(
      fc.property(bookArb, fc.array(caseArb, { maxLength: 20 }), caseArb, (id, cases, voided) => {
        const engine = build(id, [...cases, voided], []);
        // Intake removes the void from the cube: the cells of the unit and its ancestors on that date.
        const touched = [voided.unit, ...geo.hierarchy.ancestorsOf(voided.unit).map((u) => u.code)];
        const now = factsFor(geo.hierarchy, cases);
        const only = (f: { unit: string; date: string }) => touched.includes(f.unit) && f.date === voided.date;
        const slice = {
          cases: now.cases.filter(only),
          tests: [],
          clusters: now.clusters.filter(only),
          sourcePlaces: now.sourcePlaces.filter(only),
          households: now.households.filter(only),
        };
        const units = engine.replaceFacts(touched, voided.date, voided.date, slice);
        engine.recompute(units, engine.axis.index(voided.date));
        const never = build(id, cases, []);
        return Buffer.from(engine.final).equals(Buffer.from(never.final));
      }),
      runs,
    );
  });

  it('incremental recompute after each batch equals a full recompute (both neighbour modes)', () => {
    fc.assert(
      fc.property(
        bookArb,
        fc.constantFrom(undefined, 'derived' as const),
        fc.array(fc.array(caseArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.array(factorArb, { maxLength: 3 }),
        (id, mode, batches, factors) => {
          const engine = build(id, [], factors, AS_OF, mode);
          const sent: CaseSpec[] = [];
          for (const batch of batches) {
            sent.push(...batch);
            const touched = new Set(batch.flatMap((c) => [c.unit, ...geo.hierarchy.ancestorsOf(c.unit).map((u) => u.code)]));
            const from = batch.map((c) => c.date).sort()[0];
            const to = batch
              .map((c) => c.date)
              .sort()
              .at(-1)!;
            const all = factsFor(geo.hierarchy, sent);
            const only = (f: { unit: string; date: string }) => touched.has(f.unit) && f.date >= from && f.date <= to;
            const slice = {
              cases: all.cases.filter(only),
              tests: [],
              clusters: all.clusters.filter(only),
              sourcePlaces: all.sourcePlaces.filter(only),
              households: all.households.filter(only),
            };
            const units = engine.replaceFacts([...touched], from, to, slice);
            engine.recompute(units, engine.axis.index(from));
          }
          const full = build(id, sent, factors, AS_OF, mode);
          return Buffer.from(engine.final).equals(Buffer.from(full.final)) && Buffer.from(engine.first).equals(Buffer.from(full.first));
        },
      ),
      runs,
    );
  });

  it('adding a risk factor or an override, recomputed from its unit and date, equals a full recompute', () => {
    const overrideArb = fc.record({
      unit: fc.constantFrom(...LEAVES, 'D1', 'D3', '79'),
      state: fc.integer({ min: 0, max: 3 }),
      from: dateArb,
      until: fc.option(dateArb, { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('vn-2686', 'vn-4800', 'hcmc-2021-households'),
        fc.array(caseArb, { maxLength: 20 }),
        fc.array(factorArb, { maxLength: 3 }),
        factorArb,
        overrideArb,
        (id, cases, factors, added, o) => {
          const rb = book(id);
          const override = {
            id: 1,
            unit: o.unit,
            rulebook: id,
            state: rb.states[Math.min(o.state, rb.states.length - 1)].id,
            from: o.from,
            until: o.until !== null && o.until < o.from ? o.from : o.until,
            justification: 'lý do',
            author: 'analyst',
          };
          const engine = build(id, cases, factors);
          engine.setAnalystInputs([...factors, added], []);
          engine.recompute([engine.unitIndex(added.unit)!], engine.axis.index(added.from));
          engine.setAnalystInputs([...factors, added], [override]);
          engine.recompute([engine.unitIndex(override.unit)!], engine.axis.index(override.from));
          const full = new RiskEngine({ rulebook: rb, geography: geo, start: START, asOf: AS_OF });
          full.loadFacts(factsFor(geo.hierarchy, cases));
          full.setAnalystInputs([...factors, added], [override]);
          full.recomputeAll();
          return Buffer.from(engine.final).equals(Buffer.from(full.final));
        },
      ),
      runs,
    );
  });
});
