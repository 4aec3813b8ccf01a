/**
 * Which units are nearest to turning green, from each one's path to green (the earliest date it
 * turns green if no new case arrives; src/core/assess/explain.ts). A committee reads it as "where
 * one more quiet week pays off first". Pure.
 */

export interface GreenCandidate {
  code: string;
  /** Level today; 0 is green. */
  level: number;
  /** Earliest date green if no new case arrives; null when it is not within the engine's projection. */
  greenOn: string | null;
}

/**
 * Units not green today, the soonest green first; those whose date lies past the projection come
 * last, the least red first. Ties go to the less red unit, then the code, so the order is stable.
 */
export function closestToGreen<C extends GreenCandidate>(units: readonly C[], limit = Infinity): C[] {
  return units
    .filter((u) => u.level > 0)
    .sort((a, b) => {
      if (a.greenOn !== b.greenOn) {
        if (a.greenOn === null) return 1;
        if (b.greenOn === null) return -1;
        return a.greenOn < b.greenOn ? -1 : 1;
      }
      return a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    })
    .slice(0, limit);
}
