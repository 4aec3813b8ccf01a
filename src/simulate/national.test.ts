import { describe, expect, it } from 'vitest';

import { nationalGeography, nationalRecords } from './national.ts';
import type { SimulatedCase } from './records.ts';

describe('national synthetic set', () => {
  it('has the benchmark scale by default: 63 provinces, 700 districts, 10,600 communes, synthetic codes', () => {
    const geo = nationalGeography(1);
    const kinds = (k: string) => geo.units.filter((u) => u.kind === k);
    expect(kinds('country')).toHaveLength(1);
    expect(kinds('province')).toHaveLength(63);
    expect(kinds('district')).toHaveLength(700);
    expect(kinds('commune')).toHaveLength(10_600);
    const codes = new Set(geo.units.map((u) => u.code));
    expect(codes.size).toBe(geo.units.length);
    for (const u of geo.units) {
      expect(u.code).toMatch(/^(VN|P\d{2}|D\d{3}|C\d{5})$/);
      if (u.parentCode !== null) expect(codes.has(u.parentCode), u.code).toBe(true);
      expect(u.population).toBeGreaterThan(0);
    }
    // Every commune has a neighbour; pairs name communes only, once each.
    const communes = new Set(kinds('commune').map((u) => u.code));
    const touched = new Set<string>();
    const pairs = new Set<string>();
    for (const [a, b] of geo.adjacency) {
      expect(communes.has(a) && communes.has(b) && a !== b).toBe(true);
      pairs.add([a, b].sort().join('|'));
      touched.add(a).add(b);
    }
    expect(pairs.size).toBe(geo.adjacency.length);
    expect(touched.size).toBe(10_600);
    // A district's population is the sum of its communes'.
    const d1 = geo.units.find((u) => u.code === 'D001')!;
    expect(geo.units.filter((u) => u.parentCode === 'D001').reduce((s, u) => s + u.population, 0)).toBe(d1.population);
  });

  it('is deterministic and streams records in reporting order (small run)', () => {
    const options = { provinces: 3, districts: 12, communes: 300, from: '2021-01-01', days: 120 };
    const geo = nationalGeography(3, options);
    const run = () => [...nationalRecords(3, geo, options)];
    const a = run();
    expect(JSON.stringify(run())).toBe(JSON.stringify(a));
    expect(JSON.stringify([...nationalRecords(4, geo, options)])).not.toBe(JSON.stringify(a));
    const cases = a.filter((r): r is SimulatedCase => r.kind === 'case');
    expect(cases.length).toBeGreaterThan(100);
    expect(a.some((r) => r.kind === 'test')).toBe(false);
    for (let i = 1; i < a.length; i++) expect(a[i - 1].reportedAt <= a[i].reportedAt).toBe(true);
    const communes = new Set(geo.units.filter((u) => u.kind === 'commune').map((u) => u.code));
    expect(cases.every((c) => communes.has(c.unit))).toBe(true);
  });
});
