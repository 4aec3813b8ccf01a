import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Random } from './random.ts';

describe('Random (xoshiro128**)', () => {
  it('repeats its sequence for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream = '') => {
      const r = new Random(seed, stream);
      return Array.from({ length: 8 }, () => r.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42, 'counts')).not.toEqual(draw(42, 'cases'));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it('draws uniform numbers in [0, 1) with the right mean', () => {
    const r = new Random(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it.each([0.3, 4, 25, 300])('draws Poisson(%d) with that mean', (mean) => {
    const r = new Random(11);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += r.poisson(mean);
    expect(Math.abs(sum / 20_000 - mean)).toBeLessThan(0.05 * mean + 0.02);
  });

  it('draws negative binomials with the right mean and more spread than Poisson', () => {
    const r = new Random(5);
    const xs = Array.from({ length: 20_000 }, () => r.negativeBinomial(10, 1.5));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(mean).toBeGreaterThan(9.3);
    expect(mean).toBeLessThan(10.7);
    expect(variance).toBeGreaterThan(40); // 10 + 100/1.5 ≈ 77
  });

  it('keeps binomial draws within 0..n and weighted picks on positive weights (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, n, p) => {
        const k = new Random(seed).binomial(n, p);
        return Number.isInteger(k) && k >= 0 && k <= n;
      }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 6 }), (seed, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const i = new Random(seed).weighted(weights);
        return weights[i] > 0;
      }),
    );
  });
});
