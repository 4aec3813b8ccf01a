import { area, booleanPointInPolygon, feature, featureCollection, intersect } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { partitionAroundPoints } from './approximate-partition.ts';
import { type AreaGeometry, areaGeometryFaults } from './geometry.ts';

const parent: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [106.6, 10.7],
      [106.7, 10.7],
      [106.7, 10.8],
      [106.6, 10.8],
      [106.6, 10.7],
    ],
  ],
};

describe('partitionAroundPoints', () => {
  it('handles points in a line (a counterexample fast-check once found)', () => {
    const points = [
      [5, 5],
      [4, 7],
      [6, 3],
    ].map(([x, y], i) => ({ code: `w${i}`, lon: 106.6 + x / 1000, lat: 10.7 + y / 1000 }));
    const cells = partitionAroundPoints(parent, points);
    for (const p of points) expect(booleanPointInPolygon([p.lon, p.lat], cells.get(p.code)!)).toBe(true);
  });

  it('tiles the parent: each cell is valid, holds its point, and the areas add up', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 })), {
          minLength: 2,
          maxLength: 12,
          selector: ([x, y]) => `${x},${y}`,
        }),
        (grid) => {
          const points = grid.map(([x, y], i) => ({ code: `w${i}`, lon: 106.6 + x / 1000, lat: 10.7 + y / 1000 }));
          const cells = partitionAroundPoints(parent, points);
          expect(cells.size).toBe(points.length);
          let total = 0;
          for (const p of points) {
            const cell = cells.get(p.code)!;
            expect(areaGeometryFaults(cell)).toEqual([]);
            expect(booleanPointInPolygon([p.lon, p.lat], cell)).toBe(true);
            total += area(cell);
          }
          expect(Math.abs(total - area(parent)) / area(parent)).toBeLessThan(1e-3);
          const [a, b] = [cells.get('w0')!, cells.get('w1')!];
          const overlap = intersect(featureCollection([feature(a), feature(b)]) as any);
          expect(overlap === null || area(overlap) < 1).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
