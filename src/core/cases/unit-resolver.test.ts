import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import { UnitResolver } from './unit-resolver.ts';

const rows = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'data', 'hcmc-2021', 'units.csv'), 'utf8'), {
  columns: true,
}) as Record<string, string>[];
const units: Unit[] = rows.map((r) => ({
  code: r.code,
  name: r.name,
  kind: r.kind,
  parentCode: r.parent_code === '' ? null : r.parent_code,
  population: Number(r.population),
  validFrom: r.valid_from,
  validTo: null,
}));
const hierarchy = new Hierarchy(units);
const resolver = new UnitResolver(hierarchy);

describe('UnitResolver over the shipped HCMC 2021 units: names as officers write them', () => {
  it.each([
    ['Phường 05', 'Quận Gò Vấp', '26887'],
    ['P.5', 'Gò Vấp', '26887'],
    ['P. 5', 'Gò Vấp', '26887'],
    ['P5', 'Q. Gò Vấp', '26887'],
    ['phuong 5', 'q go vap', '26887'],
    ['P. 5', 'Q. Gò Vấp', '26887'],
    ['Phường 5', 'Q.Gò Vấp', '26887'],
    ['TT. Tân Túc', 'H. Bình Chánh', '27595'],
    ['Thị trấn Tân Túc', 'Huyện Bình Chánh', '27595'],
    ['X. Tân Nhựt', 'H. Bình Chánh', '27613'],
    ['X. Tân Nhựt', null, '27613'],
    ['Xã Bình Chánh', 'H. Bình Chánh', '27637'],
    ['Bình Chánh', null, '27637'],
    ['P. Linh Trung', 'TP. Thủ Đức', '26800'],
    ['Linh Trung', 'TP Thủ Đức', '26800'],
    ['P. Bến Nghé', 'Q.1', '26740'],
  ])('ward "%s", district "%s" → %s, without a note', (ward, district, code) => {
    expect(resolver.resolve(null, ward, district)).toEqual({ ok: true, code });
  });

  it('resolves every one of the 312 wards by its name and its district, full or short ("P.", "Q.", "H.", "X.", "TT.", "TP.")', () => {
    const short: Array<[RegExp, string]> = [
      [/^Phường /, 'P. '],
      [/^Xã /, 'X. '],
      [/^Thị trấn /, 'TT. '],
      [/^Quận /, 'Q. '],
      [/^Huyện /, 'H. '],
      [/^Thành phố /, 'TP. '],
    ];
    const abbreviate = (name: string) => short.reduce((n, [from, to]) => n.replace(from, to), name);
    const wards = units.filter((u) => u.kind === 'ward');
    expect(wards).toHaveLength(312);
    const misses: string[] = [];
    for (const w of wards) {
      const d = hierarchy.get(w.parentCode!)!;
      for (const [ward, district] of [
        [w.name, d.name],
        [abbreviate(w.name), abbreviate(d.name)],
      ]) {
        const r = resolver.resolve(null, ward, district);
        if (!(r.ok && r.code === w.code && r.note === undefined)) misses.push(`${ward}, ${district}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it.each([
    ['An Phú', 'Quận 2', '27091'],
    ['P. Thảo Điền', 'Q.2', '27088'],
    ['Long Bình', 'Quận 9', '26830'],
    ['Hiệp Phú', 'Q9', '26839'],
    ['Linh Xuân', 'Quận Thủ Đức', '26794'],
    ['Hiệp Bình Chánh', 'Q. Thủ Đức', '26812'],
  ])('ward "%s" in the former district "%s" → %s in Thủ Đức city, with a note', (ward, district, code) => {
    const resolved = resolver.resolve(null, ward, district);
    expect(resolved).toMatchObject({ ok: true, code });
    const note = resolved.ok ? resolved.note : undefined;
    expect(note).toMatch(/^Quận (2|9|Thủ Đức) đã nhập vào Thành phố Thủ Đức từ 01\/01\/2021 \/ .* was merged into Thành phố Thủ Đức on 2021-01-01$/);
  });

  it('a ward of another district is not found under a former district', () => {
    // Xã An Phú is in Củ Chi; under "Quận 2" only Thủ Đức's Phường An Phú is looked at.
    expect(resolver.resolve(null, 'Xã An Phú', 'Quận 2')).toMatchObject({ ok: false, error: { code: 'unknown_unit' } });
  });

  it('the right ward name under the wrong (former) district is refused, offering the ward of that name', () => {
    const resolved = resolver.resolve(null, 'Phường Bến Nghé', 'Quận 2');
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.error.candidates?.map((c) => c.code)).toEqual(['26740']);
  });

  it.each([
    ['Gò Vấp', null],
    ['Quận Gò Vấp', null],
    ['Bình Chánh', 'Bình Chánh'],
    ['Thủ Đức', null],
    ['Quận 1', null],
    ['Huyện Bình Chánh', null],
    ['Phường 5', null],
    ['Phường 5', 'Quận 99'],
    ['Ben Nge', 'Quận 1'],
    ['Gò Vấp', 'Gò Vấp'],
  ])('ward "%s", district "%s": no district is ever the answer or a candidate', (ward, district) => {
    const resolved = resolver.resolve(null, ward, district);
    const codes = resolved.ok ? [resolved.code] : (resolved.error.candidates ?? []).map((c) => c.code);
    for (const code of codes) expect(hierarchy.get(code)?.kind, code).toBe('ward');
  });

  it('"Phường 5" alone names 10 wards: all offered, none a district', () => {
    const resolved = resolver.resolve(null, 'Phường 5', null);
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.error.code).toBe('ambiguous_unit');
      expect(resolved.error.candidates).toHaveLength(10);
      expect(resolved.error.candidates!.map((c) => c.code)).toContain('26887');
    }
  });

  it.each([
    // [code, ward, district, successor]: wards Resolution 1111 abolished or renamed on 01/01/2021
    [null, 'Phường 8', 'Quận 3', '27139'],
    [null, 'P.7', 'Q.3', '27139'],
    [null, 'Phường 06', 'Quận 3', '27139'],
    [null, 'Phường 14', 'Quận Phú Nhuận', '27085'],
    [null, 'P. 12', 'Q. Phú Nhuận', '27073'],
    [null, 'Phường 3', 'Quận 10', '27190'],
    [null, 'Phường 12', 'Quận 4', '27259'],
    [null, 'Phường 05', 'Quận 4', '27292'],
    [null, 'Phường 15', 'Quận 5', '27310'],
    [null, 'Bình An', 'Quận 2', '27094'],
    [null, 'Phường Bình Khánh', 'TP. Thủ Đức', '27094'],
    [null, 'Bình An', null, '27094'],
    ['27121', null, null, '27139'],
    ['27103', null, null, '27094'],
    ['27319', null, null, '27310'],
  ])('code %s / ward "%s", district "%s": an abolished ward resolves to its successor %s, with a note', (code, ward, district, successor) => {
    const resolved = resolver.resolve(code, ward, district);
    expect(resolved).toMatchObject({ ok: true, code: successor });
    const note = resolved.ok ? resolved.note : undefined;
    expect(note).toMatch(/ (đã nhập vào|đổi tên thành) .* từ 01\/01\/2021 \/ .* (was merged into|was renamed) .* on 2021-01-01$/);
  });

  it.each([
    // A name a 2021 ward still carries is that ward, never the abolished one of the same name.
    ['An Khánh', 'Quận 2', '27094'],
    ['Phường An Khánh', 'TP Thủ Đức', '27094'],
    ['Xã Bình Khánh', 'Huyện Cần Giờ', '27667'],
    ['Bình Khánh', 'Cần Giờ', '27667'],
  ])('"%s", "%s" is the current ward %s, not an abolished one', (ward, district, code) => {
    const resolved = resolver.resolve(null, ward, district);
    expect(resolved).toMatchObject({ ok: true, code });
    // Only the former district may earn a note ("Quận 2 đã nhập vào…"), never a former ward.
    expect((resolved.ok && resolved.note) || '').not.toMatch(/mã \d+/);
  });

  it('"Phường 8" without a district stays ambiguous: the abolished Quận 3 ward is not guessed', () => {
    expect(resolver.resolve(null, 'Phường 8', null)).toMatchObject({ ok: false, error: { code: 'ambiguous_unit' } });
  });

  it.each([
    ['Phường Phúc Xá', 'Quận Ba Đình'],
    ['Phường 5', 'TP. Dĩ An'],
    ['Bến Nghé', 'Huyện Gia Lâm'],
  ])('"%s" in "%s", a district outside the city, is refused on the district field, naming the city', (ward, district) => {
    const resolved = resolver.resolve(null, ward, district);
    expect(resolved).toMatchObject({ ok: false, error: { field: 'district', code: 'unknown_district' } });
    if (!resolved.ok) {
      expect(resolved.error.message).toContain(`"${district}" không phải quận/huyện của Thành phố Hồ Chí Minh`);
      for (const c of resolved.error.candidates ?? []) expect(hierarchy.get(c.code)?.kind).toBe('ward');
    }
  });

  it.each([
    // [ward cell, code]: ward and district in one cell, the district column empty
    ['X. Tân Nhựt, H. Bình Chánh', '27613'],
    ['Phường Bến Nghé - Quận 1', '26740'],
    ['P.5; Q. Gò Vấp', '26887'],
    ['P.7, Q.3', '27139'],
    ['Phường Bình An, Quận 2', '27094'],
  ])('"%s" in the ward cell alone is read as ward and district → %s', (cell, code) => {
    expect(resolver.resolve(null, cell, null)).toMatchObject({ ok: true, code });
  });
});

describe('UnitResolver: neighbourhoods (khu phố, ấp) named within their ward', () => {
  const neighbourhood = (code: string, name: string, parentCode: string): Unit => ({
    code,
    name,
    kind: 'neighbourhood',
    parentCode,
    population: 3000,
    validFrom: '2021-01-01',
    validTo: null,
  });
  const withNeighbourhoods = new UnitResolver(
    new Hierarchy([
      ...units,
      neighbourhood('26740-1', 'Khu phố 1', '26740'),
      neighbourhood('26740-3', 'Khu phố 3', '26740'),
      neighbourhood('27613-2', 'Ấp 2', '27613'),
      neighbourhood('27613-5', 'Ấp 5', '27613'),
    ]),
  );

  it.each([
    ['26740', 'Khu phố 3', '26740-3'],
    ['26740', 'kp3', '26740-3'],
    ['26740', 'KP. 3', '26740-3'],
    ['26740', 'Khu phố 03', '26740-3'],
    ['26740', '26740-1', '26740-1'],
    ['27613', 'ấp 2', '27613-2'],
    ['27613', 'Ap 5', '27613-5'],
  ])('in ward %s, "%s" is %s', (ward, name, code) => {
    expect(withNeighbourhoods.neighbourhoodOf(ward, name, '2021-07-10')).toEqual({ ok: true, code });
  });

  it('never lets a neighbourhood answer a ward name: "Ấp 2" is no ward, and a ward name stays unambiguous', () => {
    expect(withNeighbourhoods.resolve(null, 'Ấp 2', 'Bình Chánh').ok).toBe(false);
    expect(withNeighbourhoods.resolve(null, 'Tân Nhựt', 'Bình Chánh')).toEqual({ ok: true, code: '27613' });
  });

  it('refuses a name that is none of the ward’s neighbourhoods on the neighbourhood field, offering them; and says when a ward has none', () => {
    const resolved = withNeighbourhoods.neighbourhoodOf('26740', 'Khu phố 9', '2021-07-10');
    expect(resolved).toMatchObject({ ok: false, error: { field: 'neighbourhood', code: 'unknown_unit' } });
    if (!resolved.ok) expect(resolved.error.candidates?.map((c) => c.code)).toEqual(['26740-1', '26740-3']);
    // Another ward's neighbourhood is not this ward's, even by code.
    expect(withNeighbourhoods.neighbourhoodOf('26740', '27613-2', '2021-07-10').ok).toBe(false);
    const none = withNeighbourhoods.neighbourhoodOf('26734', 'Khu phố 1', '2021-07-10');
    expect(none.ok || none.error.message).toBe('Phường Tân Định chưa có danh sách khu phố, ấp / Phường Tân Định has no neighbourhoods loaded');
  });
});
