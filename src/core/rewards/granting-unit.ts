import type { Hierarchy } from '../geo/hierarchy.ts';
import type { Tier } from './reward-scheme.ts';

/**
 * The unit that grants a form to a nominee (issue #19, docs/rewards.md): the ancestor-or-self of
 * the nominated unit at the form's tier. `city` is the hierarchy's root (79); `district` the root's
 * child on the unit's path when it is a district (Quận 1 = 760, Thủ Đức = 769). The 2025 tree has
 * no districts: a district form has no granting unit there, and null says so.
 */
export const DISTRICT_KIND = 'district';

export function grantingUnit(hierarchy: Hierarchy, unit: string, tier: Tier): string | null {
  if (!hierarchy.get(unit)) return null;
  const path = [
    ...hierarchy
      .ancestorsOf(unit)
      .reverse()
      .map((u) => u.code),
    unit,
  ];
  if (tier === 'city') return path[0];
  const district = path[1] === undefined ? undefined : hierarchy.get(path[1]);
  return district?.kind === DISTRICT_KIND ? district.code : null;
}
