import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { planGeoImport, type RawRecord } from '../geo/geo-import.ts';
import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import { UnitResolver } from './unit-resolver.ts';

const data = join(import.meta.dirname, '..', '..', '..', 'data');
const csv = (path: string): RawRecord[] =>
  (parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[]).map((values, i) => ({ row: i + 2, values }));

/** The shipped 2021 tree, then the shipped 2025 communes keyed against it as `geo import --hcmc-2025` keys them. */
function bothTrees(): Unit[] {
  const first = planGeoImport({ units: csv(join(data, 'hcmc-2021', 'units.csv')) }, []);
  if (!first.ok) throw new Error(JSON.stringify(first.errors));
  const communes = csv(join(data, 'hcmc-2025', 'hcmc_communes_2025-07-01.csv')).map(({ row, values }) => ({
    row,
    values: { code: values.ward_code, name: values.full_name, kind: 'ward', parent_code: '79', valid_from: '2025-07-01' },
  }));
  const city = { row: 1, values: { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city', valid_from: '2025-07-01' } };
  const second = planGeoImport({ units: [city, ...communes], supersedes: { root: '79', from: '2025-07-01' } }, first.plan.units);
  if (!second.ok) throw new Error(JSON.stringify(second.errors));
  const keys = new Set(second.plan.units.map((u) => u.code));
  return [...first.plan.units.filter((u) => !keys.has(u.code)), ...second.plan.units];
}

const units = bothTrees();
const resolver = new UnitResolver(new Hierarchy(units));

describe('UnitResolver with the 2021 and 2025 trees loaded together: a row is read on its date', () => {
  it('holds 312 wards valid in 2021 and 168 communes valid in 2025', () => {
    const on = (date: string) => units.filter((u) => u.kind === 'ward' && u.validFrom <= date && (u.validTo === null || date <= u.validTo)).length;
    expect([on('2021-07-10'), on('2025-08-01')]).toEqual([312, 168]);
  });

  it.each([
    // Tân Định is 26734 under Quận 1 in 2021, 26737 (a code that was Đa Kao's) in 2025.
    ['Tân Định', null, '2021-07-10', '26734'],
    ['Phường Tân Định', 'Quận 1', '2021-07-10', '26734'],
    ['P. Tân Định', null, '2025-06-30', '26734'],
    ['Tân Định', null, '2025-08-01', '26737@2025-07-01'],
    ['Phường Tân Định', null, '2025-07-01', '26737@2025-07-01'],
    ['Đa Kao', null, '2021-07-10', '26737'],
    // A 2025 commune whose code no 2021 unit held keeps its plain code.
    ['Đặc khu Côn Đảo', null, '2025-08-01', '26732'],
  ])('ward "%s", district "%s" on %s → %s', (ward, district, date, key) => {
    expect(resolver.resolve(null, ward, district, date)).toEqual({ ok: true, code: key });
  });

  it.each([
    ['26737', '2021-07-10', '26737'],
    ['26737', '2025-08-01', '26737@2025-07-01'],
    ['26737@2025-07-01', '2025-08-01', '26737@2025-07-01'],
    ['79', '2021-07-10', '79'],
    ['79', '2025-08-01', '79@2025-07-01'],
  ])('code %s on %s → %s', (code, date, key) => {
    expect(resolver.resolve(code, null, null, date)).toEqual({ ok: true, code: key });
  });

  it('a district written on a date with no district tier is set aside, with a note; the ward name decides', () => {
    const resolved = resolver.resolve(null, 'Phường Tân Định', 'Quận 1', '2025-08-01');
    expect(resolved).toMatchObject({ ok: true, code: '26737@2025-07-01' });
    expect(resolved.ok && resolved.note).toBe(
      'Bản đồ ngày này không còn cấp quận/huyện: đã bỏ qua "Quận 1" / this date\'s map has no district tier: "Quận 1" was set aside',
    );
    // On a 2021 date the same district narrows the ward as always, with no note.
    expect(resolver.resolve(null, 'Phường Tân Định', 'Quận 1', '2021-07-10')).toEqual({ ok: true, code: '26734' });
  });

  it('refuses a code valid in neither tree on the row date, naming the date and when the code is valid', () => {
    // 26734 (Tân Định in 2021) was abolished by the 2025 reform.
    const resolved = resolver.resolve('26734', null, null, '2025-08-01');
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.error).toMatchObject({ field: 'unit', code: 'unknown_unit' });
      expect(resolved.error.message).toContain('01/08/2025');
      expect(resolved.error.message).toContain('01/01/2021–30/06/2025');
    }
    const wrongDay = resolver.resolve('26737@2025-07-01', null, null, '2021-07-10');
    expect(wrongDay.ok).toBe(false);
    // The name of a 2021 ward the reform abolished is not found on a 2025 date.
    expect(resolver.resolve(null, 'Đa Kao', null, '2025-08-01').ok).toBe(false);
  });
});
