import { describe, expect, it } from 'vitest';

import { bandedRate, bandedShare, bandLabel, bandOf, boundsOf, PUBLIC, publicCount } from './small-numbers.ts';

describe('bands of counts', () => {
  it.each([
    [0, '0'],
    [1, '1–4'],
    [3, '1–4'],
    [4, '1–4'],
    [5, '5–9'],
    [7, '5–9'],
    [9, '5–9'],
    [10, '10–19'],
    [19, '10–19'],
    [20, '20–49'],
    [49, '20–49'],
    [50, '50–99'],
    [99, '50–99'],
    [100, '100–199'],
    [199, '100–199'],
    [200, '200–499'],
    [499, '200–499'],
    [500, '500–999'],
    [999, '500–999'],
    [1000, '≥1000'],
    [123456, '≥1000'],
  ])('%i → %s', (count, label) => {
    expect(bandLabel(count)).toBe(label);
    // Every count lies within the bounds its label states.
    const b = boundsOf(label)!;
    expect(b.low <= count && count <= b.high).toBe(true);
  });

  it('reads back what it publishes, and nothing else', () => {
    expect(boundsOf('5–9')).toEqual({ low: 5, high: 9 });
    expect(boundsOf('≥1000')).toEqual({ low: 1000, high: Infinity });
    expect(boundsOf('0')).toEqual({ low: 0, high: 0 });
    expect(boundsOf('n/a')).toBeNull();
  });
});

describe('rates derived from a band', () => {
  it.each([
    // band, population, per, days → range
    [3, 3000, 100_000, 1, '33–134'],
    [7, 3000, 100_000, 1, '166–300'],
    [7, 2900, 100_000, 14, '12–23'],
    [0, 3000, 100_000, 1, '0'],
    [1500, 3000, 100_000, 1, '≥33333'],
  ])('%i cases in %i people per %i (over %i days) → %s', (count, population, per, days, range) => {
    expect(bandedRate(bandOf(count), population, per, days)).toBe(range);
  });

  it('holds the exact rate of every count in the band, and depends on the band only', () => {
    for (const count of [1, 2, 3, 4]) {
      const [low, high] = bandedRate(bandOf(count), 3100, 100_000)!.split('–').map(Number);
      const exact = (count * 100_000) / 3100;
      expect(low <= exact && exact <= high).toBe(true);
    }
    expect(bandedRate(bandOf(1), 3100, 100_000)).toBe(bandedRate(bandOf(4), 3100, 100_000));
  });

  it('is none without a population', () => {
    expect(bandedRate(bandOf(3), null, 100_000)).toBeNull();
    expect(bandedRate(bandOf(3), 0, 100_000)).toBeNull();
  });

  it.each([
    [3, 40, '2–20'],
    [0, 40, '0'],
    [7, 12, '26–90'],
    [3, 3, '25–100'],
  ])('positivity of %i positives in %i tests → %s %%', (positive, tested, range) => {
    expect(bandedShare(bandOf(positive), bandOf(tested))).toBe(range);
  });
});

describe('who sees bands', () => {
  it('bands neighbourhoods for the public, never wards or above, and not for an exact audience', () => {
    expect(publicCount(3, 'neighbourhood', PUBLIC)).toBe('1–4');
    expect(publicCount(0, 'neighbourhood', PUBLIC)).toBe('0');
    expect(publicCount(3, 'ward', PUBLIC)).toBe(3);
    expect(publicCount(3, 'district', PUBLIC)).toBe(3);
    expect(publicCount(3, 'neighbourhood', { exact: true })).toBe(3);
  });
});
