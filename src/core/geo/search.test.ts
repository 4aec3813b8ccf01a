import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { searchUnits } from './search.ts';
import type { Unit } from './unit.ts';

const unit = (code: string, name: string, kind: string, parentCode: string | null): Unit => ({
  code,
  name,
  kind,
  parentCode,
  population: 1000,
  validFrom: '2021-01-01',
  validTo: null,
});

const units: Unit[] = [
  unit('79', 'Thành phố Hồ Chí Minh', 'city', null),
  unit('760', 'Quận 1', 'district', '79'),
  unit('761', 'Quận 12', 'district', '79'),
  unit('769', 'Thành phố Thủ Đức', 'district', '79'),
  unit('26740', 'Phường Bến Nghé', 'ward', '760'),
  unit('26743', 'Phường Bến Thành', 'ward', '760'),
  unit('26896', 'Phường 01', 'ward', '764'),
  unit('26876', 'Phường 6', 'ward', '764'),
  unit('26800', 'Phường Linh Trung', 'ward', '769'),
];

const first = (q: string) => searchUnits(units, q)[0]?.unit.code;

describe('searchUnits', () => {
  it.each([
    ['ben nghe', '26740'],
    ['BEN NGHE', '26740'],
    ['Bến Nghé', '26740'],
    ['phuong ben nghe', '26740'],
    ['q1', '760'],
    ['quan 1', '760'],
    ['Quận 1', '760'],
    ['q.12', '761'],
    ['thu duc', '769'],
    ['linh trung', '26800'],
    ['phuong 1', '26896'],
    ['p6', '26876'],
    ['26740', '26740'],
  ])('"%s" finds %s first', (q, code) => expect(first(q)).toBe(code));

  it('does not answer a district query with a ward of the same number', () => {
    expect(searchUnits(units, 'quan 1').map((h) => h.unit.code)).not.toContain('26896');
  });

  it('finds nothing for an empty or unknown query', () => {
    expect(searchUnits(units, '   ')).toEqual([]);
    expect(searchUnits(units, 'ha noi')).toEqual([]);
  });

  it('matches word prefixes: "ben" finds both Bến wards, in code order', () => {
    expect(searchUnits(units, 'ben').map((h) => h.unit.code)).toEqual(['26740', '26743']);
  });
});

describe('searchUnits over the shipped HCMC 2021 units: a ward and its district in one query', () => {
  const rows = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'data', 'hcmc-2021', 'units.csv'), 'utf8'), {
    columns: true,
  }) as Record<string, string>[];
  const hcmc: Unit[] = rows.map((r) => unit(r.code, r.name, r.kind, r.parent_code === '' ? null : r.parent_code));
  const top = (q: string) => searchUnits(hcmc, q)[0]?.unit.code;

  it.each([
    ['phuong 5 go vap', '26887'],
    ['go vap phuong 5', '26887'],
    ['Phường 05, Gò Vấp', '26887'],
    ['Quận Gò Vấp, Phường 5', '26887'],
    ['p5 go vap', '26887'],
    ['P.5 Q. Gò Vấp', '26887'],
    ['5 go vap', '26887'],
    ['ben nghe quan 1', '26740'],
    ['quan 1 ben nghe', '26740'],
    ['tan tuc binh chanh', '27595'],
    ['X. Tân Nhựt H. Bình Chánh', '27613'],
    ['linh trung thu duc', '26800'],
    ['Q. Gò Vấp', '764'],
    ['H. Bình Chánh', '785'],
    ['X. Bình Chánh', '27637'],
    ['TT. Tân Túc', '27595'],
  ])('"%s" puts %s first', (q, code) => expect(top(q)).toBe(code));

  const wards = hcmc.filter((u) => u.kind === 'ward');
  const districtOf = (w: Unit) => hcmc.find((u) => u.code === w.parentCode)!;
  const bare = (name: string) => name.replace(/^(Phường|Xã|Thị trấn|Quận|Huyện|Thành phố) /, '');

  it('puts every one of the 312 wards first when named with its district, in either order, with or without prefixes', () => {
    expect(wards).toHaveLength(312);
    const misses: string[] = [];
    for (const w of wards) {
      const d = districtOf(w);
      // "3 11" is Phường 3 of Quận 11 or Phường 11 of Quận 3: two bare numbers need a prefix.
      const numbers = /^\d+$/.test(bare(w.name)) && /^\d+$/.test(bare(d.name));
      const queries = [`${w.name} ${d.name}`, `${d.name} ${w.name}`, `${bare(w.name)} ${d.name}`, `${d.name}, ${bare(w.name)}`];
      if (!numbers) queries.push(`${bare(w.name)} ${bare(d.name)}`, `${bare(d.name)}, ${bare(w.name)}`);
      for (const q of queries) {
        if (top(q) !== w.code) misses.push(`${q} → ${top(q)}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('"phuong 5 go vap" is Phường 05 of Gò Vấp, not a Phường 5 of another district', () => {
    expect(hcmc.find((u) => u.code === '26887')).toMatchObject({ name: 'Phường 05', parentCode: '764' });
    expect(searchUnits(hcmc, 'phuong 5 go vap').filter((h) => h.unit.name === 'Phường 05')[0].unit.code).toBe('26887');
  });

  it('a search among wards only still reads the district a query names from the whole tree', () => {
    const wards = hcmc.filter((u) => u.kind === 'ward');
    expect(searchUnits(wards, 'phuong 5 go vap')[0]?.unit.code).not.toBe('26887');
    expect(searchUnits(wards, 'phuong 5 go vap', 20, hcmc)[0]?.unit.code).toBe('26887');
    expect(searchUnits(wards, 'go vap p.5', 20, hcmc)[0]?.unit.code).toBe('26887');
  });

  it.each([
    ['kp3 ben nghe', '26740-3'],
    ['KP. 3, Bến Nghé', '26740-3'],
    ['khu pho 1 ben nghe', '26740-1'],
    ['ấp 2 tân nhựt', '27613-2'],
    ['ap 2 tan nhut', '27613-2'],
  ])('"%s" finds the neighbourhood %s within its ward', (q, code) => {
    const withNeighbourhoods = [
      ...hcmc,
      unit('26740-1', 'Khu phố 1', 'neighbourhood', '26740'),
      unit('26740-3', 'Khu phố 3', 'neighbourhood', '26740'),
      unit('27613-2', 'Ấp 2', 'neighbourhood', '27613'),
    ];
    expect(searchUnits(withNeighbourhoods, q)[0]?.unit.code).toBe(code);
  });
});
