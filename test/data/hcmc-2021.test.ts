import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bbox,booleanClockwise, booleanPointInPolygon } from '@turf/turf';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection, Position } from 'geojson';
import { describe, expect, it } from 'vitest';

import { buildHcmc2021 } from '../../scripts/build-hcmc-2021.ts';
import { computeAdjacency } from '../../src/core/geo/adjacency.ts';
import { type AreaGeometry,areaGeometryFaults } from '../../src/core/geo/geometry.ts';

const dir = join(import.meta.dirname, '..', '..', 'data', 'hcmc-2021');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const csv = (file: string) => parse(read(file), { columns: true }) as Record<string, string>[];
const wards = JSON.parse(read('wards.geojson')) as FeatureCollection<AreaGeometry>;
const city = (JSON.parse(read('city.geojson')) as FeatureCollection<AreaGeometry>).features[0].geometry;
const points = csv('sources/hcmc_ward_interior_points.csv');

function rings(geometry: AreaGeometry): Array<{ ring: Position[]; outer: boolean }> {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((p) => p.map((ring, i) => ({ ring, outer: i === 0 })));
}

describe('shipped HCMC 2021 dataset', () => {
  it('rebuilds byte for byte from its sources', () => {
    for (const [file, content] of Object.entries(buildHcmc2021())) expect(content, file).toBe(read(file));
  });

  it('has city 79, 22 districts and 312 wards whose parents exist, population 8,993,082', () => {
    const units = csv('units.csv');
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(units.filter((u) => u.kind === 'city').map((u) => u.code)).toEqual(['79']);
    expect(units.filter((u) => u.kind === 'district')).toHaveLength(22);
    const wardUnits = units.filter((u) => u.kind === 'ward');
    expect(wardUnits).toHaveLength(312);
    for (const ward of wardUnits) expect(byCode.get(ward.parent_code)?.kind, ward.code).toBe('district');
    const sum = (kind: string) => units.filter((u) => u.kind === kind).reduce((s, u) => s + Number(u.population), 0);
    expect(sum('ward')).toBe(8_993_082);
    expect(sum('district')).toBe(8_993_082);
    expect(Number(byCode.get('79')!.population)).toBe(8_993_082);
    expect(byCode.get('26740')!.name).toBe('Phường Bến Nghé');
  });

  it('has 312 valid ward polygons, RFC 7946 wound, each holding its reference point, inside HCMC', () => {
    expect(wards.features).toHaveLength(312);
    const [minX, minY, maxX, maxY] = bbox(city);
    for (const feature of wards.features) {
      const code = feature.properties!.code as string;
      expect(areaGeometryFaults(feature.geometry), code).toEqual([]);
      for (const { ring, outer } of rings(feature.geometry)) {
        expect(ring[0], code).toEqual(ring[ring.length - 1]);
        expect(booleanClockwise(ring), code).toBe(!outer);
      }
      const [x0, y0, x1, y1] = bbox(feature.geometry);
      expect(x0 >= minX - 0.01 && y0 >= minY - 0.01 && x1 <= maxX + 0.01 && y1 <= maxY + 0.01, code).toBe(true);
      const point = points.find((p) => p.ward_code === code)!;
      expect(booleanPointInPolygon([Number(point.lon), Number(point.lat)], city), code).toBe(true);
      expect(booleanPointInPolygon([Number(point.lon), Number(point.lat)], feature.geometry), code).toBe(true);
    }
  });

  it('marks approximate wards: the 34 of Thủ Đức city are real, the other 278 approximate', () => {
    const units = new Map(csv('units.csv').map((u) => [u.code, u]));
    const real = wards.features.filter((f) => f.properties!.approximate === false);
    expect(real).toHaveLength(34);
    for (const f of real) expect(units.get(f.properties!.code)!.parent_code).toBe('769');
    expect(wards.features.filter((f) => f.properties!.approximate === true)).toHaveLength(278);
  });

  it('gives the shipped pairs when adjacency is recomputed from the real polygons: Thủ Đức\'s 34 wards and the 22 districts', () => {
    const shipped = (file: string, codes: Set<string>) => csv(file).map((r) => Object.values(r)).filter(([a, b]) => codes.has(a) && codes.has(b));
    const districts = (JSON.parse(read('districts.geojson')) as FeatureCollection<AreaGeometry>).features;
    for (const [features, file] of [
      [wards.features.filter((f) => f.properties!.approximate === false), 'ward-adjacency.csv'],
      [districts, 'district-adjacency.csv'],
    ] as const) {
      const codes = new Set(features.map((f) => f.properties!.code as string));
      const expected = shipped(file, codes);
      const computed = computeAdjacency(features.map((f) => ({ code: f.properties!.code as string, geometry: f.geometry })));
      expect(computed.map((p) => `${p.a}-${p.b}`), file).toEqual(expected.map(([a, b]) => `${a}-${b}`));
      // Lengths come from other polygons (the wards' of CityScope, generalised districts): same order of size.
      for (const [i, p] of computed.entries()) expect(p.sharedBorderM! / Number(expected[i][2]), `${p.a}-${p.b}`).toBeGreaterThan(0.5);
      for (const [i, p] of computed.entries()) expect(p.sharedBorderM! / Number(expected[i][2]), `${p.a}-${p.b}`).toBeLessThan(2);
    }
    expect(shipped('ward-adjacency.csv', new Set(wards.features.filter((f) => f.properties!.approximate === false).map((f) => f.properties!.code as string)))).toHaveLength(73);
  });
});
