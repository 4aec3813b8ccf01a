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
    const { rows, unassessed } = legendRows(4, { a: 0, b: 3, c: 3 }, units);
    expect(rows.map((r) => r.units)).toEqual([1, 0, 0, 2]);
    expect(rows.map((r) => r.population)).toEqual([100, 0, 0, 900]);
    expect(rows[3].populationShare).toBeCloseTo(0.9);
    expect(unassessed).toBe(1);
  });
});
