import type { ScoringKey } from './campaign.ts';

/** The figures a unit is ranked on. Null means unknown, and an unknown figure always ranks last. */
export interface ScoreFigures {
  unit: string;
  current: number | null;
  reduction: number | null;
  /** Local date the unit was first green in the campaign (the start date when green at the start). */
  firstGreenDate: string | null;
  daysGreen: number;
  casesPer100k: number | null;
}

/**
 * Compares two units on one key: negative when `a` ranks before `b`. Directions: current state
 * lower (greener) first; reduction larger first; first green earlier first; days green more
 * first; community cases per 100,000 fewer first.
 */
export function compareOn(key: ScoringKey, a: ScoreFigures, b: ScoreFigures): number {
  switch (key) {
    case 'current':
      return nullsLast(a.current, b.current, (x, y) => x - y);
    case 'reduction':
      return nullsLast(a.reduction, b.reduction, (x, y) => y - x);
    case 'firstGreen':
      return nullsLast(a.firstGreenDate, b.firstGreenDate, (x, y) => (x < y ? -1 : x > y ? 1 : 0));
    case 'daysGreen':
      return b.daysGreen - a.daysGreen;
    case 'casesPer100k':
      return nullsLast(a.casesPer100k, b.casesPer100k, (x, y) => x - y);
  }
}

/** The first key on which two units differ, or null when they tie on every key. */
export function firstDifference(keys: readonly ScoringKey[], a: ScoreFigures, b: ScoreFigures): ScoringKey | null {
  for (const key of keys) if (compareOn(key, a, b) !== 0) return key;
  return null;
}

/** Compares on the campaign's keys in order; 0 means a true tie (the two share a rank). */
export function compareScores(keys: readonly ScoringKey[], a: ScoreFigures, b: ScoreFigures): number {
  const key = firstDifference(keys, a, b);
  return key === null ? 0 : Math.sign(compareOn(key, a, b));
}

/**
 * A total order for listing: the campaign's keys, then the unit code, so ties are listed in the
 * same order whatever order the units came in.
 */
export function compareForListing(keys: readonly ScoringKey[], a: ScoreFigures, b: ScoreFigures): number {
  return compareScores(keys, a, b) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);
}

/**
 * Standard competition ranks ("1, 2, 2, 4") over a list already sorted by compareForListing:
 * units that tie on every key share a rank.
 */
export function competitionRanks<T extends ScoreFigures>(sorted: readonly T[], keys: readonly ScoringKey[]): number[] {
  const ranks: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    ranks.push(i > 0 && compareScores(keys, sorted[i - 1], sorted[i]) === 0 ? ranks[i - 1] : i + 1);
  }
  return ranks;
}

function nullsLast<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Math.sign(cmp(a, b));
}
