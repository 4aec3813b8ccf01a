import { expect } from 'vitest';

import { explain } from '../../src/core/assess/explain.ts';
import { type CaseSpec, runScenario, type Scenario } from './engine-fixtures.ts';

/**
 * Shorthands for the criterion tests (src/core/assess/criteria*.test.ts): every situation is on
 * one date in the small city of engine-fixtures.ts.
 */
export const D = '2021-07-10';
export const c = (unit: string, more: Partial<CaseSpec> = {}): CaseSpec => ({ unit, date: D, ...more });
export const many = (unit: string, n: number, more: Partial<CaseSpec> = {}): CaseSpec => ({ unit, date: D, cases: n, ...more });
export const wards = (n: number) => Array.from({ length: n }, (_, i) => `X${i}`);
export const factor = (unit: string, type: string, value: number | null = null) => ({ unit, type, from: '2021-07-01', value });
export const direct = (rows: Array<[string, number]>) => ({
  cases: rows.map(([unit, cases]) => ({ unit, date: D, setting: 'community' as const, sourceKnown: true, cases })),
  tests: [],
  clusters: [],
  sourcePlaces: [],
  households: [],
});

/** The assessment of `unit` on `date` under `rulebook`, checked to agree with the engine's level. */
export function assess(rulebook: string, scenario: Omit<Scenario, 'rulebook'>, unit: string, date = D) {
  const engine = runScenario({ rulebook, ...scenario });
  const a = explain(engine, unit, date)!;
  expect(a.level, 'explain agrees with the engine').toBe(engine.levelAt(unit, date));
  return a;
}
