import { describe, expect, it } from 'vitest';

import { HCMC_HOUSEHOLDS_2021, NEIGHBOURHOODS_PER_WARD, placeInNeighbourhoods, simulatedNeighbourhoods } from './neighbourhoods.ts';
import { caseRecord, type SimulatedRecord } from './records.ts';

const wards = [
  { code: '26734', name: 'Phường Tân Định', population: 32_000 },
  { code: '27595', name: 'Xã Tân Nhựt', population: 70_000 },
  { code: '26740', name: 'Thị trấn Củ Chi', population: 4_000 },
  { code: '26800', name: 'Phường 1', population: 400_000 },
];

describe('simulated neighbourhoods', () => {
  const rows = simulatedNeighbourhoods(wards);

  it('gives each ward a count from its population, within bounds, and partitions its people exactly', () => {
    for (const ward of wards) {
      const mine = rows.filter((r) => r.ward_code === ward.code);
      expect(mine.length).toBe(Math.min(NEIGHBOURHOODS_PER_WARD.max, Math.max(NEIGHBOURHOODS_PER_WARD.min, Math.round(ward.population / 5000))));
      expect(mine.reduce((s, r) => s + r.population, 0)).toBe(ward.population);
      expect(mine.map((r) => r.code)).toEqual(mine.map((_, i) => `${ward.code}-${i + 1}`));
    }
    expect(rows.filter((r) => r.ward_code === '26800')).toHaveLength(NEIGHBOURHOODS_PER_WARD.max);
    expect(rows.filter((r) => r.ward_code === '26740')).toHaveLength(NEIGHBOURHOODS_PER_WARD.min);
  });

  it('names khu phố in phường and thị trấn, ấp in xã', () => {
    expect(rows.find((r) => r.ward_code === '26734')!.name).toBe('Khu phố 1');
    expect(rows.find((r) => r.ward_code === '26740')!.name).toBe('Khu phố 1');
    expect(rows.filter((r) => r.ward_code === '27595').map((r) => r.name)).toContain('Ấp 2');
  });

  it("spreads the city's 2021 households over its people", () => {
    const total = rows.reduce((s, r) => s + r.households, 0);
    expect(Math.abs(total - HCMC_HOUSEHOLDS_2021)).toBeLessThan(rows.length);
  });

  it('is the same list on every run', () => {
    expect(simulatedNeighbourhoods(wards)).toEqual(rows);
  });

  it('places a case in its ward, keeping a cluster together and test counts with the ward', () => {
    const at = '2021-07-10T10:00:00Z';
    const cases: SimulatedRecord[] = Array.from({ length: 40 }, (_, i) =>
      caseRecord({ confirmedDate: '2021-07-10', unit: '26800', setting: 'community', sourceKnown: false, cluster: 'K7' }, `c${i}`, 1, at),
    );
    const loose: SimulatedRecord[] = Array.from({ length: 400 }, (_, i) =>
      caseRecord({ confirmedDate: '2021-07-10', unit: '26800', setting: 'community', sourceKnown: true }, `l${i}`, 1, at),
    );
    const test: SimulatedRecord = { kind: 'test', unit: '26800', date: '2021-07-10', tested: 10, positive: 1, suspected: null, reportedAt: at };
    const placed = placeInNeighbourhoods([...cases, ...loose, test], rows);
    const clustered = new Set(placed.slice(0, 40).map((r) => r.unit));
    expect(clustered.size).toBe(1);
    expect([...clustered][0]).toMatch(/^26800-\d+$/);
    // Loose cases spread over most of the ward's neighbourhoods.
    expect(new Set(placed.slice(40, 440).map((r) => r.unit)).size).toBeGreaterThan(NEIGHBOURHOODS_PER_WARD.max / 2);
    expect(placed.at(-1)).toEqual(test);
    // A unit with no neighbourhoods keeps its cases.
    expect(placeInNeighbourhoods([{ ...cases[0], unit: '99999' }], rows)[0].unit).toBe('99999');
  });
});
