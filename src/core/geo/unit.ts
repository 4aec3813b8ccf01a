/** An administrative unit as the core sees it. The hierarchy is data: any depth, any kind name. */
export interface Unit {
  /**
   * The unit's identity, which everything keyed by unit (cases, cube, boundaries, adjacency,
   * assessments, parents) uses: the official code (GSO for Vietnam; `<ward code>-<local id>` for
   * units without one) for the first unit stored with that code, `<code>@<valid from>` for a
   * later unit that reuses it (2025 communes reuse 2021 ward codes for other areas). The official
   * code is `officialCode(unit.code)`.
   */
  code: string;
  name: string;
  /** Kind name as the dataset gives it: `city`, `district`, `ward`, `neighbourhood`, … */
  kind: string;
  /** The parent's identity (its `code`, as above). */
  parentCode: string | null;
  population: number | null;
  /** Households, where the list gives them (neighbourhood lists do); absent when unknown. */
  households?: number;
  /** Local date (YYYY-MM-DD) from which the unit exists. */
  validFrom: string;
  /** Last local date on which the unit exists; null while it still does. */
  validTo: string | null;
}

/** Separates the official code from the validity start in the key of a unit that reuses a code. */
const KEY_SEPARATOR = '@';

/** Whether a unit exists on a local date. */
export function isValidOn(unit: Pick<Unit, 'validFrom' | 'validTo'>, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}

/** Whether two units exist together on some day. */
export function coexist(a: Pick<Unit, 'validFrom' | 'validTo'>, b: Pick<Unit, 'validFrom' | 'validTo'>): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

/** The official code a unit key carries: `26734@2025-07-01` → `26734`; a plain code is its own. */
export function officialCode(key: string): string {
  const at = key.indexOf(KEY_SEPARATOR);
  return at < 0 ? key : key.slice(0, at);
}

/** The key of a unit that reuses an official code already held by a unit of another period. */
export function reusedCodeKey(code: string, validFrom: string): string {
  return `${code}${KEY_SEPARATOR}${validFrom}`;
}
