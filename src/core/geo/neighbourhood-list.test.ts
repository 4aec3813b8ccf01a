import { area, booleanWithin, feature, featureCollection, intersect } from '@turf/turf';
import { describe, expect, it } from 'vitest';

import { square } from '../../../test/support/shapes.ts';
import type { GeoImportInput, RawRecord } from './geo-import.ts';
import type { AreaGeometry } from './geometry.ts';
import { type NeighbourhoodListResult, planNeighbourhoodList, type StoredBoundary } from './neighbourhood-list.ts';
import type { Unit } from './unit.ts';

const unit = (code: string, name: string, kind: string, parentCode: string | null): Unit => ({
  code,
  name,
  kind,
  parentCode,
  population: null,
  validFrom: '2021-01-01',
  validTo: null,
});

const units: Unit[] = [
  unit('79', 'Thành phố Hồ Chí Minh', 'city', null),
  unit('760', 'Quận 1', 'district', '79'),
  unit('770', 'Quận 3', 'district', '79'),
  unit('26740', 'Phường Bến Nghé', 'ward', '760'),
  unit('26743', 'Phường Bến Thành', 'ward', '760'),
  unit('27001', 'Phường 1', 'ward', '770'),
  unit('760-1', 'Phường 1', 'ward', '760'),
];

/** Bến Nghé has a real border, Bến Thành an approximate one. */
const boundaries = new Map<string, StoredBoundary>([
  ['26740', { geometry: square(106.7, 10.77, 0.02), approximate: false }],
  ['26743', { geometry: square(106.68, 10.77, 0.02), approximate: true }],
]);

const records = (csv: string[][]): RawRecord[] => {
  const [header, ...rows] = csv;
  return rows.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])) }));
};

const plan = (csv: string[][], features?: unknown[]): NeighbourhoodListResult =>
  planNeighbourhoodList(
    {
      source: 'khu-pho.csv',
      records: records(csv),
      boundariesSource: 'khu-pho.geojson',
      boundaries: features?.map((f, i) => ({ index: i + 1, feature: f })),
    },
    units,
    boundaries,
  );

const planned = (result: NeighbourhoodListResult): GeoImportInput => {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.input;
};

describe('planNeighbourhoodList', () => {
  it('places a list named by ward and district name under the ward, with generated codes and approximate areas tiling it', () => {
    const input = planned(
      plan([
        ['Tên', 'Phường/Xã', 'Quận/Huyện', 'Dân số', 'Số hộ'],
        ['Khu phố 1', 'P. Bến Nghé', 'Q.1', '2500', '610'],
        ['Khu phố 2', 'P. Bến Nghé', 'Q.1', '3100', ''],
        ['Khu phố 3', 'P. Bến Nghé', 'Q.1', '2033', ''],
        ['Khu phố 4', 'P. Bến Nghé', 'Q.1', '3000', ''],
      ]),
    );
    expect(input.units!.map((r) => [r.values.code, r.values.name, r.values.kind, r.values.parent_code, r.values.population])).toEqual([
      ['26740-1', 'Khu phố 1', 'neighbourhood', '26740', '2500'],
      ['26740-2', 'Khu phố 2', 'neighbourhood', '26740', '3100'],
      ['26740-3', 'Khu phố 3', 'neighbourhood', '26740', '2033'],
      ['26740-4', 'Khu phố 4', 'neighbourhood', '26740', '3000'],
    ]);
    const ward = boundaries.get('26740')!.geometry;
    const cells = input.boundaries!.map((b) => b.feature as { properties: { code: string; approximate: boolean }; geometry: AreaGeometry });
    expect(cells.map((c) => [c.properties.code, c.properties.approximate])).toEqual([
      ['26740-1', true],
      ['26740-2', true],
      ['26740-3', true],
      ['26740-4', true],
    ]);
    const wardArea = area(ward);
    for (const c of cells) {
      expect(booleanWithin(c.geometry, ward)).toBe(true);
      // Evenly spread seeds: no cell is a sliver.
      expect(area(c.geometry)).toBeGreaterThan(wardArea / 10);
    }
    expect(cells.reduce((s, c) => s + area(c.geometry), 0)).toBeCloseTo(wardArea, -2);
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const overlap = intersect(featureCollection([feature(cells[i].geometry), feature(cells[j].geometry)]));
        expect(overlap === null ? 0 : area(overlap)).toBeLessThan(wardArea * 1e-6);
      }
    }
  });

  it('takes the ward by code and keeps codes the list gives', () => {
    const input = planned(
      plan([
        ['code', 'name', 'ward_code', 'population'],
        ['KP-A', 'Ấp 1', '26743', '100'],
        ['', 'Ấp 2', '26743', '200'],
      ]),
    );
    expect(input.units!.map((r) => [r.values.code, r.values.parent_code])).toEqual([
      ['KP-A', '26743'],
      ['26743-1', '26743'],
    ]);
  });

  it('accepts a boundary outside an approximate ward area, but not one off a real ward border', () => {
    const far = { type: 'Feature', properties: { code: 'KP-X' }, geometry: square(107.5, 11.5, 0.001) };
    expect(
      plan(
        [
          ['code', 'name', 'ward_code', 'population'],
          ['KP-X', 'Ấp 1', '26743', '10'],
        ],
        [far],
      ).ok,
    ).toBe(true);
    const result = plan(
      [
        ['code', 'name', 'ward_code', 'population'],
        ['KP-X', 'Khu phố 1', '26740', '10'],
      ],
      [far],
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        expect.objectContaining({ where: 'khu-pho.geojson feature 1 (code KP-X)', field: 'geometry', message: expect.stringContaining('khu-pho.csv row 2') }),
      ]);
    }
  });

  it.each([
    ['an unknown ward code', ['Khu phố 1', '99999', '', '', '10'], 'ward_code', 'no unit with code 99999'],
    ['an unknown ward name', ['Khu phố 1', '', 'Phường Không Có', '', '10'], 'ward', 'Phường Không Có'],
    ['a ward name that fits several wards', ['Khu phố 1', '', 'Phường 1', '', '10'], 'ward', 'Phường 1'],
    ['a district code as ward', ['Khu phố 1', '760', '', '', '10'], 'ward_code', 'not a ward'],
    ['a missing population', ['Khu phố 1', '26740', '', '', ''], 'population', 'population is missing'],
    ['a negative population', ['Khu phố 1', '26740', '', '', '-5'], 'population', 'not a whole number'],
    ['a population that is not an integer', ['Khu phố 1', '26740', '', '', '12.5'], 'population', 'not a whole number'],
  ])('refuses %s naming the row and field', (_label, row, field, message) => {
    const result = plan([['name', 'ward_code', 'ward', 'district', 'population'], ['Khu phố 9', '26740', '', '', '10'], row]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ where: 'khu-pho.csv row 3', field, message: expect.stringContaining(message) })]);
  });

  it('refuses a list with no rows', () => {
    const result = plan([['name', 'ward_code', 'population']]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ where: 'khu-pho.csv', message: expect.stringContaining('the list has no rows') }]);
  });

  it('refuses a name given twice in one ward (diacritics and case aside), but not in two wards', () => {
    const result = plan([
      ['name', 'ward_code', 'population'],
      ['Khu phố 1', '26740', '10'],
      ['Khu phố 1', '26743', '10'],
      ['khu pho 1', '26740', '10'],
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([expect.objectContaining({ where: 'khu-pho.csv row 4', field: 'name', message: expect.stringContaining('row 2') })]);
  });
});

describe('planNeighbourhoodList for one ward (a ward committee’s own list)', () => {
  const kp = (code: string, name: string, ward: string): Unit => unit(code, name, 'neighbourhood', ward);
  const stored: Unit[] = [...units, kp('26740-1', 'Khu phố 1', '26740'), kp('26740-2', 'Khu phố 2', '26740'), kp('26743-1', 'Khu phố 1', '26743')];
  const storedCells = new Map<string, StoredBoundary>([
    ...boundaries,
    ['26740-1', { geometry: square(106.695, 10.775, 0.01), approximate: true }],
    ['26740-2', { geometry: square(106.705, 10.775, 0.01), approximate: true }],
  ]);
  const planWard = (csv: string[][], ward = '26740') => planNeighbourhoodList({ source: 'ben-nghe.csv', records: records(csv), ward }, stored, storedCells);

  it('takes rows without a ward column, keeps stored codes by name, and reports the neighbourhoods it leaves out', () => {
    const result = planWard([
      ['Tên', 'Dân số'],
      ['Khu phố 1', '2600'],
      ['Khu phố 5', '900'],
    ]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.input.units!.map((r) => [r.values.code, r.values.parent_code, r.values.population])).toEqual([
      ['26740-1', '26740', '2600'],
      ['26740-3', '26740', '900'],
    ]);
    expect(result.notInList.map((u) => u.code)).toEqual(['26740-2']);
    // The left-out approximate area is drawn again with the rest: the ward stays tiled, once.
    const cells = result.input.boundaries!.map((b) => (b.feature as { properties: { code: string } }).properties.code);
    expect(cells.sort()).toEqual(['26740-1', '26740-2', '26740-3']);
  });

  it('accepts the ward named by its code or its name', () => {
    for (const [header, value] of [
      ['ward_code', '26740'],
      ['Phường/Xã', 'P. Bến Nghé'],
    ]) {
      expect(
        planWard([
          [header, 'name', 'population'],
          [value, 'Khu phố 1', '10'],
        ]).ok,
      ).toBe(true);
    }
  });

  it.each([
    ['another ward by code', ['26743', '', 'Khu phố 9', '10'], 'ward_code', 'the only ward this list is for'],
    ['another ward by name', ['', 'Phường Bến Thành', 'Khu phố 9', '10'], 'ward', 'the only ward this list is for'],
    ['a code of another ward’s neighbourhood', ['', '', 'Khu phố 9', '10', '26743-1'], 'code', 'not a neighbourhood of Phường Bến Nghé'],
    ['the code of a ward', ['', '', 'Khu phố 9', '10', '26743'], 'code', 'is already Phường Bến Thành'],
  ])('refuses a row naming %s, naming the row', (_label, row, field, message) => {
    const result = planWard([['ward_code', 'ward', 'name', 'population', 'code'], ['', '', 'Khu phố 1', '10', ''], row]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ where: 'ben-nghe.csv row 3', field, message: expect.stringContaining(message) })]);
  });
});
