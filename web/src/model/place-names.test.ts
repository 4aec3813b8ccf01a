import { describe, expect, it } from 'vitest';

import { placeName, unitTitle } from './place-names.ts';

const ANCESTORS = [
  { code: '26734', name: 'Phường Tân Định', kind: 'ward' },
  { code: '760', name: 'Quận 1', kind: 'district' },
  { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city' },
];

describe('place names', () => {
  it('titles a khu phố with its ward and district, and any other unit with its own name', () => {
    expect(unitTitle({ name: 'Khu phố 1', kind: 'neighbourhood' }, ANCESTORS)).toBe('Khu phố 1, Phường Tân Định, Quận 1');
    expect(unitTitle({ name: 'Phường Tân Định', kind: 'ward' }, ANCESTORS.slice(1))).toBe('Phường Tân Định');
  });

  it('says where a unit is from the units loaded, stopping where they stop', () => {
    const units = new Map([
      ['26734', { name: 'Phường Tân Định', parent: '760' }],
      ['760', { name: 'Quận 1', parent: '79' }],
    ]);
    expect(placeName('26734', (c) => units.get(c))).toBe('Phường Tân Định, Quận 1');
    expect(placeName('760', (c) => units.get(c))).toBe('Quận 1');
    expect(placeName(null, (c) => units.get(c))).toBe('');
  });
});
