import { describe, expect, it } from 'vitest';

import { canonicalPair, computeAdjacency, neighbourMap } from './adjacency.ts';
import type { AreaGeometry } from './geometry.ts';

const square = (x: number, y: number, size = 0.01): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

describe('adjacency', () => {
  it('computes shared borders from polygons; a corner touch is not adjacency', () => {
    // A 2×2 grid of ~1.1 km squares: edge neighbours share ~1.1 km, diagonals a single point.
    const pairs = computeAdjacency([
      { code: 'sw', geometry: square(106.7, 10.7) },
      { code: 'se', geometry: square(106.71, 10.7) },
      { code: 'nw', geometry: square(106.7, 10.71) },
      { code: 'ne', geometry: square(106.71, 10.71) },
      { code: 'far', geometry: square(107, 11) },
    ]);
    expect(pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['ne-nw', 'ne-se', 'nw-sw', 'se-sw']);
    for (const p of pairs) expect(p.sharedBorderM).toBeGreaterThan(1000);
  });

  it('makes neighbour lists symmetric', () => {
    const map = neighbourMap([canonicalPair('b', 'a'), canonicalPair('a', 'c')]);
    expect(map.get('a')).toEqual(['b', 'c']);
    expect(map.get('b')).toEqual(['a']);
    expect(map.get('c')).toEqual(['a']);
  });
});
