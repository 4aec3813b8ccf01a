import { boundsOf } from '../../../src/core/publish/small-numbers.ts';
import { displayNumber } from './format.ts';

/**
 * A count as the API publishes it: exact (a number), or for a unit below the ward a band such as
 * "1–4" or "≥1000" (docs/small-numbers.md). The page shows a band as sent and charts its bounds.
 */
export type Figure = number | string;

/** The counts a figure allows: a number is its own bounds; "5–9" is 5..9; "≥1000" is 1000..∞. */
export function figureBounds(figure: Figure): { low: number; high: number } {
  if (typeof figure === 'number') return { low: figure, high: figure };
  return boundsOf(figure) ?? { low: 0, high: Infinity };
}

/** A figure in the page's language: numbers grouped, bands as sent. */
export function displayFigure(figure: Figure, lang: 'vi' | 'en'): string {
  return typeof figure === 'number' ? displayNumber(figure, lang) : figure;
}

/**
 * The sum of several figures: exact when they all are, else the range their bands allow ("3–12"):
 * a total of banded days reads as wide as the bands it adds up, never narrower.
 */
export function sumFigures(figures: readonly Figure[], lang: 'vi' | 'en'): string {
  let low = 0;
  let high = 0;
  for (const f of figures) {
    const b = figureBounds(f);
    low += b.low;
    high += b.high;
  }
  if (low === high) return displayNumber(low, lang);
  return high === Infinity ? `≥${displayNumber(low, lang)}` : `${displayNumber(low, lang)}–${displayNumber(high, lang)}`;
}
