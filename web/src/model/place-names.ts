import type { UnitInfo } from './types.ts';

/**
 * A unit's name as a title: a khu phố or ấp's name alone repeats across the city ("Khu phố 1"),
 * so it carries its ward's and district's: "Khu phố 1, Phường Tân Định, Quận 1". Other units
 * keep their own name, which is unique where they are shown.
 */
export function unitTitle(unit: Pick<UnitInfo, 'name' | 'kind'>, ancestors: ReadonlyArray<{ name: string; kind: string }>): string {
  if (unit.kind !== 'neighbourhood') return unit.name;
  return [unit.name, ...ancestors.filter((a) => a.kind === 'ward' || a.kind === 'district').map((a) => a.name)].join(', ');
}

/**
 * Where a unit is, from its parent's code: that unit's name and its parents' up the loaded units
 * ("Phường Bến Nghé, Quận 1" for a khu phố; "Quận 1" for a ward); '' for none.
 */
export function placeName(parent: string | null, unit: (code: string) => Pick<UnitInfo, 'name' | 'parent'> | undefined): string {
  const names: string[] = [];
  for (let at = parent ? unit(parent) : undefined; at; at = at.parent ? unit(at.parent) : undefined) names.push(at.name);
  return names.join(', ');
}
