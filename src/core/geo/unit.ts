/** An administrative unit as the core sees it. The hierarchy is data: any depth, any kind name. */
export interface Unit {
  /** Official code (GSO for Vietnam); `<ward code>-<local id>` for units without one. */
  code: string;
  name: string;
  /** Kind name as the dataset gives it: `city`, `district`, `ward`, `neighbourhood`, … */
  kind: string;
  parentCode: string | null;
  population: number | null;
  /** Local date (YYYY-MM-DD) from which the unit exists. */
  validFrom: string;
  /** Last local date on which the unit exists; null while it still does. */
  validTo: string | null;
}

/** Whether a unit exists on a local date. */
export function isValidOn(unit: Pick<Unit, 'validFrom' | 'validTo'>, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}
