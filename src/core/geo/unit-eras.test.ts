import { describe, expect, it } from 'vitest';

import { planGeoImport, type RawRecord } from './geo-import.ts';
import { Hierarchy } from './hierarchy.ts';
import { type Unit } from './unit.ts';
import { UnitEras } from './unit-eras.ts';

const rows = (...records: Array<Record<string, unknown>>): RawRecord[] => records.map((values, i) => ({ row: i + 2, values }));
const unit = (code: string, parentCode: string | null, validFrom: string, validTo: string | null = null, kind = 'ward'): Unit => ({
  code,
  name: `Đơn vị ${code}`,
  kind,
  parentCode,
  population: null,
  validFrom,
  validTo,
});

/** A 2021 city of two wards, as stored before the 2025 communes arrive. */
const stored2021 = [unit('79', null, '2021-01-01', null, 'city'), unit('26734', '79', '2021-01-01'), unit('26737', '79', '2021-01-01')];

describe('a reused code is another unit', () => {
  const plan = planGeoImport(
    {
      units: rows(
        { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city', parent_code: '', valid_from: '2025-07-01' },
        { code: '26734', name: 'Phường Tân Định', kind: 'ward', parent_code: '79', valid_from: '2025-07-01' },
        { code: '25747', name: 'Phường Thủ Dầu Một', kind: 'ward', parent_code: '79', valid_from: '2025-07-01' },
      ),
      boundaries: [
        {
          index: 1,
          feature: {
            type: 'Feature',
            properties: { code: '79' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          },
        },
      ],
      codesValidOn: '2025-07-01',
      supersedes: { root: '79', from: '2025-07-01' },
    },
    stored2021,
  );

  it('keys a code that a stored unit of another period holds by code and start, and ends the superseded tree the day before', () => {
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.plan.units.map((u) => [u.code, u.parentCode, u.validFrom, u.validTo])).toEqual([
      ['79', null, '2021-01-01', '2025-06-30'],
      ['26734', '79', '2021-01-01', '2025-06-30'],
      ['26737', '79', '2021-01-01', '2025-06-30'],
      ['79@2025-07-01', null, '2025-07-01', null],
      ['26734@2025-07-01', '79@2025-07-01', '2025-07-01', null],
      ['25747', '79@2025-07-01', '2025-07-01', null],
    ]);
    // The outline names the new city by its official code; it is read on the new tree's first day.
    expect(plan.plan.boundaries.map((b) => b.code)).toEqual(['79@2025-07-01']);
  });

  it('answers each date with the tree valid on it', () => {
    if (!plan.ok) return;
    const eras = new UnitEras(plan.plan.units);
    expect(
      eras
        .treeOn('2021-07-10')
        .childrenOf('79')
        .map((u) => u.code),
    ).toEqual(['26734', '26737']);
    expect(eras.treeOn('2025-06-30').childrenOf('79@2025-07-01')).toEqual([]);
    expect(
      eras
        .treeOn('2025-08-01')
        .childrenOf('79@2025-07-01')
        .map((u) => u.code),
    ).toEqual(['25747', '26734@2025-07-01']);
    expect(eras.treeOn('2025-08-01').get('26737')).toBeUndefined();
    expect(eras.unitOn('26734', '2021-07-10')?.code).toBe('26734');
    expect(eras.unitOn('26734', '2025-08-01')?.code).toBe('26734@2025-07-01');
    // Before the first tree, the first tree answers: data from 2020 names the places of 2021.
    expect(eras.unitOn('26734', '2020-12-31')?.code).toBe('26734');
    // One tree per era, whatever the date within it.
    expect(eras.treeOn('2021-01-01')).toBe(eras.treeOn('2025-06-30'));
  });

  it('lets a city-wide scope cover the city of every period, and a ward scope never a reused code', () => {
    if (!plan.ok) return;
    const all = new Hierarchy(plan.plan.units);
    expect(all.isWithin('26734@2025-07-01', '79')).toBe(true);
    expect(all.isWithin('79@2025-07-01', '79')).toBe(true);
    expect(all.isWithin('26734', '79@2025-07-01')).toBe(true);
    expect(all.isWithin('26734@2025-07-01', '26734')).toBe(false);
  });

  it('refuses a unit that would overlap a stored unit of its code, and updates one given with its own start', () => {
    const overlapping = planGeoImport(
      { unitsSource: 'u.csv', units: rows({ code: '26737', name: 'Phường X', kind: 'ward', parent_code: '79', valid_from: '2024-01-01' }) },
      stored2021,
    );
    expect(overlapping.ok).toBe(false);
    if (!overlapping.ok) expect(overlapping.errors[0]).toMatchObject({ where: 'u.csv row 2', field: 'valid_from' });
    const update = planGeoImport({ units: rows({ code: '26737', name: 'Phường Y', kind: 'ward', parent_code: '79', valid_from: '2021-01-01' }) }, stored2021);
    expect(update.ok && update.plan.units.map((u) => [u.code, u.name])).toEqual([['26737', 'Phường Y']]);
  });
});
