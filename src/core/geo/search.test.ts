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
