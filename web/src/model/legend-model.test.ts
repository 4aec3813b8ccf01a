import { describe, expect, it } from 'vitest';

import { legendRows } from './legend-model.ts';

describe('legendRows', () => {
  it('counts units and population per state and keeps unassessed units apart', () => {
    const units = [
      { code: 'a', population: 100 },
      { code: 'b', population: 300 },
      { code: 'c', population: 600 },
      { code: 'd', population: null },
    ];
    const { rows, unassessed, populationKnown } = legendRows(4, { a: 0, b: 3, c: 3 }, units);
    expect(rows.map((r) => r.units)).toEqual([1, 0, 0, 2]);
    expect(rows.map((r) => r.population)).toEqual([100, 0, 0, 900]);
    expect(rows[3].populationShare).toBeCloseTo(0.9);
    expect(unassessed).toBe(1);
    expect(populationKnown).toBe(true);
  });

  it('says the population is unknown when no unit counted has one (the 2025 communes), rather than a 0% share', () => {
    const units = [
      { code: 'a', population: null },
      { code: 'b', population: null },
    ];
    const { rows, populationKnown } = legendRows(4, { a: 0, b: 0 }, units);
    expect(rows[0].units).toBe(2);
    expect(populationKnown).toBe(false);
  });
});
