/**
 * Kinds of unit below the ward: khu phố, ấp, tổ dân phố ("neighbourhood"). They are named within
 * their ward (never answer a ward name) and their figures are published in bands, not exactly
 * (docs/small-numbers.md): a few thousand people live in one, so an exact daily count can point
 * at a household. (The kind name is neighbourhood-list.ts's NEIGHBOURHOOD_KIND, written out: that
 * module imports the unit resolver, which imports this one.)
 */
export const BELOW_WARD_KINDS: ReadonlySet<string> = new Set(['neighbourhood']);

/** Whether a unit of this kind lies below the ward. */
export function isBelowWard(kind: string): boolean {
  return BELOW_WARD_KINDS.has(kind);
}
