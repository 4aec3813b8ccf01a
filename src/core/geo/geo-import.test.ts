import { describe, expect, it } from 'vitest';

import { square as squareOf } from '../../../test/support/shapes.ts';
import { planGeoImport, type RawRecord } from './geo-import.ts';
import type { Unit } from './unit.ts';

const rows = (...records: Array<Record<string, unknown>>): RawRecord[] => records.map((values, i) => ({ row: i + 2, values }));
const square = (x: number, y: number, size = 1) => squareOf(x, y, size);
const city: Unit = { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city', parentCode: null, population: 10, validFrom: '2021-01-01', validTo: null };

describe('planGeoImport', () => {
  it('accepts a tree of any depth and kind names', () => {
    const result = planGeoImport(
      {
        units: rows(
          { code: 'P', name: 'Tỉnh Thử', kind: 'province', parent_code: '' },
          { code: 'C1', name: 'Xã Một', kind: 'commune', parent_code: 'P', population: '1,234' },
          { code: 'C1-01', name: 'Ấp 1', kind: 'hamlet', parent_code: 'C1', population: 300 },
        ),
      },
      [],
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.plan.units.map((u) => [u.code, u.kind, u.parentCode, u.population])).toEqual([
        ['P', 'province', null, null],
        ['C1', 'commune', 'P', 1234],
        ['C1-01', 'hamlet', 'C1', 300],
      ]);
    }
  });

  it('names the row of an unknown parent and of a duplicate code', () => {
    const result = planGeoImport(
      {
        unitsSource: 'units.csv',
        units: rows(
          { code: '760', name: 'Quận 1', kind: 'district', parent_code: '79' },
          { code: '761', name: 'Quận 12', kind: 'district', parent_code: '99' },
          { code: '760', name: 'Quận Một', kind: 'district', parent_code: '79' },
        ),
      },
      [city],
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContainEqual({ where: 'units.csv row 3', field: 'parent', message: 'unknown parent 99 for unit 761' });
      expect(result.errors).toContainEqual({ where: 'units.csv row 4', field: 'code', message: 'duplicate code 760 (already given earlier in this file)' });
    }
  });

  it.each([
    [{ code: '', name: 'X', kind: 'ward' }, 'code', 'code is missing'],
    [{ code: 'A B', name: 'X', kind: 'ward' }, 'code', 'has characters other than'],
    [{ code: 'A', name: '', kind: 'ward' }, 'name', 'name is missing'],
    [{ code: 'A', name: 'X', kind: '' }, 'kind', 'kind is missing'],
    [{ code: 'A', name: 'X', kind: 'ward', population: '-3' }, 'population', 'not a whole number'],
    [{ code: 'A', name: 'X', kind: 'ward', valid_from: '1/7/2021' }, 'valid_from', 'not a YYYY-MM-DD date'],
    [{ code: 'A', name: 'X', kind: 'ward', valid_from: '2021-07-01', valid_to: '2021-01-01' }, 'valid_to', 'on or after valid_from'],
    [{ code: 'A', name: 'Ph\uFFFDờng', kind: 'ward' }, 'name', 'wrong encoding'],
    [{ code: 'A', name: 'X', kind: 'ward', parent_code: 'A' }, 'parent', 'its own parent'],
  ])('rejects %j naming field %s', (values, field, message) => {
    const result = planGeoImport({ units: rows(values) }, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.find((e) => e.field === field)?.message).toContain(message);
  });

  it('rejects a parent cycle', () => {
    const result = planGeoImport({ units: rows({ code: 'A', name: 'A', kind: 'x', parent: 'B' }, { code: 'B', name: 'B', kind: 'x', parent: 'A' }) }, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.message.includes('loops back'))).toBe(true);
  });

  it('names the feature of broken geometry and rejects unknown codes', () => {
    const unclosed = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const result = planGeoImport(
      {
        boundariesSource: 'wards.geojson',
        boundaries: [
          { index: 1, feature: { type: 'Feature', properties: { code: 'w1' }, geometry: unclosed } },
          { index: 2, feature: { type: 'Feature', properties: { code: 'w2' }, geometry: bowtie } },
          { index: 3, feature: { type: 'Feature', properties: { code: '12345' }, geometry: square(0, 0) } },
          { index: 4, feature: { type: 'Feature', properties: {}, geometry: square(0, 0) } },
          { index: 5, feature: { type: 'Feature', properties: { code: 'w5' }, geometry: { type: 'Point', coordinates: [0, 0] } } },
          {
            index: 6,
            feature: {
              type: 'Feature',
              properties: { code: 'w6' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [0, 0],
                    [200, 0],
                    [1, 1],
                    [0, 0],
                  ],
                ],
              },
            },
          },
        ],
      },
      [city, ...['w1', 'w2', 'w5', 'w6'].map((code) => ({ ...city, code, kind: 'ward', parentCode: '79' }))],
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const byWhere = (w: string) =>
        result.errors
          .filter((e) => e.where === w)
          .map((e) => e.message)
          .join(' | ');
      expect(byWhere('wards.geojson feature 1 (code w1)')).toContain('ring 1 is not closed');
      expect(byWhere('wards.geojson feature 2 (code w2)')).toContain('crosses itself');
      expect(byWhere('wards.geojson feature 3 (code 12345)')).toContain('no unit with code 12345');
      expect(byWhere('wards.geojson feature 4')).toContain('no code');
      expect(byWhere('wards.geojson feature 5 (code w5)')).toContain('expected Polygon or MultiPolygon');
      expect(byWhere('wards.geojson feature 6 (code w6)')).toContain('outside WGS84');
    }
  });

  it('rewinds accepted boundaries to RFC 7946 (outer ring counter-clockwise)', () => {
    const clockwise = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      ],
    };
    const result = planGeoImport({ boundaries: [{ index: 1, feature: { type: 'Feature', properties: { code: '79' }, geometry: clockwise } }] }, [city]);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.plan.boundaries[0].geometry.coordinates[0]).toEqual([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]);
  });

  it('reads adjacency pairs once whichever way round, and refuses pairs across kinds', () => {
    const ward = (code: string): Unit => ({ ...city, code, kind: 'ward', parentCode: '79' });
    const result = planGeoImport({ adjacency: rows({ ward_code_a: '2', ward_code_b: '1', shared_border_m: '12.5' }, { a: '1', b: '2' }) }, [
      city,
      ward('1'),
      ward('2'),
    ]);
    expect(result.ok && [...result.plan.adjacency.get('ward')!]).toEqual([{ a: '1', b: '2', sharedBorderM: 12.5 }]);
    const mixed = planGeoImport({ adjacencySource: 'adj.csv', adjacency: rows({ a: '1', b: '79' }) }, [city, ward('1')]);
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.errors[0]).toMatchObject({ where: 'adj.csv row 2', message: expect.stringContaining('one kind') });
  });
});
