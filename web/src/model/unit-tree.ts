import type { UnitInfo } from './types.ts';

/**
 * Whether the units on show are not the tree of `date`: one of them did not exist that day
 * (the slider crossed a reform, e.g. 2021 wards and the 2025 communes). Then the page loads the
 * units and boundaries valid on that date; otherwise it keeps what it has.
 */
export function needsOtherTree(units: Iterable<Pick<UnitInfo, 'validFrom' | 'validTo'>>, date: string): boolean {
  for (const unit of units) if (date < unit.validFrom || (unit.validTo !== null && date > unit.validTo)) return true;
  return false;
}
