import { describe, expect, it } from 'vitest';

import { displayFigure, figureBounds, sumFigures } from './figures.ts';

describe('published figures on the page', () => {
  it('reads bands and exact counts alike', () => {
    expect(figureBounds(7)).toEqual({ low: 7, high: 7 });
    expect(figureBounds('5–9')).toEqual({ low: 5, high: 9 });
    expect(figureBounds('≥1000')).toEqual({ low: 1000, high: Infinity });
    expect(figureBounds('0')).toEqual({ low: 0, high: 0 });
  });

  it('shows a band as sent and a number grouped, never NaN', () => {
    expect(displayFigure('1–4', 'vi')).toBe('1–4');
    expect(displayFigure(12345, 'vi')).toBe('12.345');
    expect(displayFigure(12345, 'en')).toBe('12,345');
  });

  it('adds bands into the range they allow, and exact counts exactly', () => {
    expect(sumFigures([1, 2, 3], 'vi')).toBe('6');
    expect(sumFigures(['1–4', '0', '5–9'], 'vi')).toBe('6–13');
    expect(sumFigures(['1–4', '≥1000'], 'en')).toBe('≥1,001');
  });
});
