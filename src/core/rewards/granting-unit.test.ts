import { describe, expect, it } from 'vitest';

import { CITY, unit } from '../../../test/support/campaign-fixture.ts';
import { Hierarchy } from '../geo/hierarchy.ts';
import { grantingUnit } from './granting-unit.ts';

describe('the unit that grants a form', () => {
  const tree = new Hierarchy(CITY);
  it.each([
    ['26740', 'city', '79'],
    ['26740', 'district', '760'],
    ['26806', 'district', '769'],
    ['760', 'district', '760'],
    ['79', 'city', '79'],
    ['79', 'district', null],
    ['nowhere', 'city', null],
  ] as const)('%s at tier %s: %s', (code, tier, expected) => {
    expect(grantingUnit(tree, code, tier)).toBe(expected);
  });

  it('finds no district in a tree without districts (the 2025 communes under the city)', () => {
    const t2025 = new Hierarchy([unit('79', 'Thành phố Hồ Chí Minh', 'city', null, null), unit('26743', 'Phường Sài Gòn', 'ward', '79', null)]);
    expect(grantingUnit(t2025, '26743', 'district')).toBeNull();
    expect(grantingUnit(t2025, '26743', 'city')).toBe('79');
  });
});
