import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { SimulatedCase, SimulatedRecord } from './records.ts';
import { parseScenario, type Scenario, type SimulationGeography, simulationUnits } from './scenario.ts';
import { simulate } from './simulate.ts';

// The shipped scenario, made independent of the HCMC wards so it runs on any small geography.
const base = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 'hcmc-2021.json'), 'utf8'));
function scenarioFor(overrides: (s: Scenario) => void = () => {}): Scenario {
  const s = structuredClone(base);
  s.districts = {};
  s.clusters.hosts = [];
  overrides(s);
  return parseScenario(s);
}

/** A city, one district and wards in a row; populations as given (0 or null: nobody lives there). */
function row(populations: (number | null)[]): SimulationGeography {
  const wards = populations.map((population, i) => ({ code: `W${i}`, parentCode: 'D', population }));
  return {
    units: [{ code: 'C', parentCode: null, population: 1 }, { code: 'D', parentCode: 'C', population: 1 }, ...wards],
    adjacency: wards.slice(1).map((w, i) => [wards[i].code, w.code] as const),
  };
}

function invariantsHold(records: SimulatedRecord[], populated: Set<string>): string[] {
  const problems: string[] = [];
  const clusters = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (i > 0 && records[i - 1].reportedAt > r.reportedAt) problems.push(`order at ${i}`);
    if (r.kind === 'test') {
      if (r.positive > r.tested || r.positive < 0) problems.push(`test ${r.unit} ${r.date}: ${r.positive}/${r.tested}`);
      if (!populated.has(r.unit)) problems.push(`test in unpopulated ${r.unit}`);
      continue;
    }
    if (!populated.has(r.unit)) problems.push(`case ${r.id} in unpopulated ${r.unit}`);
    if (r.cluster && r.version === 1) clusters.set(r.cluster, (clusters.get(r.cluster) ?? 0) + 1);
  }
  for (const [id, n] of clusters) if (n < 2) problems.push(`cluster ${id} has ${n} case`);
  return problems;
}

describe('simulate on any geography', () => {
  it('never puts a case or a test in a unit without population, even next to a busy one', () => {
    const geography = row([80_000, 0, 60_000, null, 40_000]);
    expect(simulationUnits(geography).units.map((u) => u.code)).toEqual(['W0', 'W2', 'W4']);
    const scenario = scenarioFor((s) => {
      s.transmission.initialCasesPer100kPerDay = 20;
    });
    const records = [...simulate({ scenario, geography, seed: 1, from: '2021-06-15', to: '2021-07-10' })];
    const units = new Set(records.map((r) => r.unit));
    expect(records.filter((r) => r.kind === 'case').length).toBeGreaterThan(200);
    expect([...units].sort()).toEqual(['W0', 'W2', 'W4']);
  });

  it('keeps its invariants for any seed and populations (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 500, max: 120_000 })), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.5, max: 60, noNaN: true }),
        (seed, populations, initial) => {
          const scenario = scenarioFor((s) => {
            s.transmission.initialCasesPer100kPerDay = initial;
          });
          const geography = row(populations);
          const populated = new Set(geography.units.filter((u) => u.code.startsWith('W') && (u.population ?? 0) > 0).map((u) => u.code));
          fc.pre(populated.size > 0);
          // From the scenario's start: a later window would cut clusters that began before it.
          const records = [...simulate({ scenario, geography, seed, to: '2021-07-05' })];
          expect(invariantsHold(records, populated)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('retracts and corrects only with a higher version of the same case', () => {
    const scenario = scenarioFor((s) => {
      s.corrections.share = 0.2;
      s.corrections.voidShare = 0.1;
    });
    const records = [...simulate({ scenario, geography: row([100_000, 100_000]), seed: 9 })];
    const versions = new Map<string, SimulatedCase[]>();
    for (const r of records) if (r.kind === 'case') versions.set(r.id, [...(versions.get(r.id) ?? []), r]);
    const changed = [...versions.values()].filter((v) => v.length > 1);
    expect(changed.length).toBeGreaterThan(50);
    for (const [first, second] of changed) {
      expect(second.version).toBe(first.version + 1);
      expect(second.reportedAt > first.reportedAt).toBe(true);
      expect(second.confirmedDate).toBe(first.confirmedDate);
      expect(first.cluster).toBeUndefined();
    }
    expect(changed.some(([, s]) => s.void)).toBe(true);
    expect(changed.some(([f, s]) => !s.void && f.sourceKnown !== s.sourceKnown)).toBe(true);
  });
});
