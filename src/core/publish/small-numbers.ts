/**
 * Small numbers in public (issue #16 item 7, docs/small-numbers.md): a khu phố / ấp / tổ dân phố
 * holds a few thousand people, so an exact daily count can point at a household. Below the ward,
 * public figures are bands ("1–4", "5–9", …) and rates derived from the band's bounds, never from
 * the exact count. Ward level and above stay exact, as the city published them in 2021.
 */

import { isBelowWard } from '../geo/below-ward.ts';

/** A band of counts: `high` null for the open top band. */
export interface Band {
  low: number;
  high: number | null;
  label: string;
}

/**
 * Lower bounds of the bands. Zero is its own band, published exactly: it identifies no one, and a
 * green unit must read 0. Bands widen as counts grow, since a larger count points at no one.
 */
const BAND_STARTS = [1, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

/** The band holding a count (a non-negative integer). */
export function bandOf(count: number): Band {
  if (!(count > 0)) return { low: 0, high: 0, label: '0' };
  let i = BAND_STARTS.length - 1;
  while (BAND_STARTS[i] > count) i--;
  const low = BAND_STARTS[i];
  if (i === BAND_STARTS.length - 1) return { low, high: null, label: `≥${low}` };
  const high = BAND_STARTS[i + 1] - 1;
  return { low, high, label: `${low}–${high}` };
}

/** The band of a count as published: its label. */
export function bandLabel(count: number): string {
  return bandOf(count).label;
}

/** The bounds a published label stands for: "5–9" → 5..9, "≥1000" → 1000..∞, "7" → 7..7. Null for anything else. */
export function boundsOf(label: string): { low: number; high: number } | null {
  const range = /^(\d+)–(\d+)$/.exec(label);
  if (range) return { low: Number(range[1]), high: Number(range[2]) };
  const open = /^≥(\d+)$/.exec(label);
  if (open) return { low: Number(open[1]), high: Infinity };
  return /^\d+$/.test(label) ? { low: Number(label), high: Number(label) } : null;
}

/**
 * The rate a band allows, per `per` people (per day over `days` days when given): "a–b" in whole
 * numbers, rounded outward so the range holds every rate a count in the band gives. Computed from
 * the band's bounds, so it reveals no more than the band. Null without a population.
 */
export function bandedRate(band: Band, population: number | null, per: number, days = 1): string | null {
  if (population === null || !(population > 0)) return null;
  const scale = per / (population * days);
  if (band.high === 0) return '0';
  const low = Math.floor(band.low * scale);
  if (band.high === null) return `≥${low}`;
  return `${low}–${Math.ceil(band.high * scale)}`;
}

/** The share `part / whole` in whole percents that two bands allow (test positivity from banded positives and tests). */
export function bandedShare(part: Band, whole: Band): string {
  if (part.high === 0) return '0';
  const low = whole.high === null ? 0 : Math.floor((100 * part.low) / whole.high);
  const high = whole.low === 0 || part.high === null ? 100 : Math.min(100, Math.ceil((100 * part.high) / whole.low));
  return `${Math.min(low, high)}–${high}`;
}

/**
 * Who a response is for. Public responses are the same for everyone (cacheable) and band the
 * figures of units below the ward. `exact` is the seam for committee members (issue #18): once
 * sign-in exists, a member with the unit in scope gets exact figures in a private, uncached
 * response: audienceOf (src/server/audience.ts) sets it for a signed-in member.
 */
export interface Audience {
  exact: boolean;
}

export const PUBLIC: Audience = { exact: false };

/** Whether a unit of this kind shows banded figures to this audience. */
export function banded(kind: string | undefined, audience: Audience): boolean {
  return !audience.exact && kind !== undefined && isBelowWard(kind);
}

/** A count as shown to the audience: the exact number, or its band for a unit below the ward. */
export function publicCount(count: number, kind: string | undefined, audience: Audience): number | string {
  return banded(kind, audience) ? bandLabel(count) : count;
}
