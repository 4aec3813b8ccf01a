import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';

import { polygonWithNaN, square as squareOf } from '../../../test/support/shapes.ts';
import { canonicalPair, computeAdjacency, neighbourMap, sharedBorderM } from './adjacency.ts';
import type { AreaGeometry } from './geometry.ts';

const square = (x: number, y: number, size = 0.01) => squareOf(x, y, size);

// Two ~1.1 km squares side by side: the west one's east edge is the east one's west edge, on x = EDGE.
const EDGE = 106.71;
const [Y0, Y1] = [10.7, 10.71];
/** The common border's true length in metres (1/100 of a degree of latitude). */
const BORDER_M = 1111.95;

/** West square whose east edge passes through `edge` (south to north, as the counter-clockwise ring runs). */
const west = (edge: Position[]): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[EDGE - 0.01, Y0], [EDGE, Y0], ...edge, [EDGE, Y1], [EDGE - 0.01, Y1], [EDGE - 0.01, Y0]]],
});
/** East square whose west edge passes through `edge` (given south to north; the ring runs it north to south). */
const east = (edge: Position[]): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[EDGE, Y0], [EDGE + 0.01, Y0], [EDGE + 0.01, Y1], [EDGE, Y1], ...[...edge].reverse(), [EDGE, Y0]]],
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
    // 0.01° of latitude is 1,112 m; of longitude near 10.8° N, 1,092 m.
    expect(pairs.map((p) => Math.round(p.sharedBorderM!))).toEqual([1112, 1092, 1092, 1112]);
  });

  it('measures a border digitised differently on each side the same both ways, in metres', () => {
    // The west side has vertices every ~110 m, 2 m east of the line; the east side every ~160 m,
    // 3 m west of it: each side's vertices lie off the other's segments.
    const dx = (m: number) => m / 109_300;
    const westEdge = Array.from({ length: 9 }, (_, k): Position => [EDGE + dx(k % 2 ? 2 : -1), Y0 + (k + 1) * 0.001]);
    const eastEdge = Array.from({ length: 6 }, (_, k): Position => [EDGE - dx(k % 2 ? 3 : 1), Y0 + (k + 1) * 0.0014]);
    const a = west(westEdge);
    const b = east(eastEdge);
    const ab = sharedBorderM(a, b);
    expect(sharedBorderM(b, a)).toBe(ab);
    expect(Math.abs(ab - BORDER_M)).toBeLessThan(15);
    const forward = computeAdjacency([
      { code: 'W', geometry: a },
      { code: 'E', geometry: b },
    ]);
    const backward = computeAdjacency([
      { code: 'E', geometry: b },
      { code: 'W', geometry: a },
    ]);
    expect(forward).toEqual(backward);
    expect(forward).toEqual([canonicalPair('E', 'W', Math.round(ab * 10) / 10)]);
  });

  it('a border wider apart than the tolerance, or a gap, is not shared', () => {
    const gap = 30 / 109_300; // 30 m: two separate areas, not one border digitised twice
    const a = west([]);
    const b: AreaGeometry = square(EDGE + gap, Y0);
    expect(sharedBorderM(a, b)).toBe(0);
    expect(
      computeAdjacency([
        { code: 'W', geometry: a },
        { code: 'E', geometry: b },
      ]),
    ).toEqual([]);
  });

  it('length(a, b) = length(b, a), close to the true length, under random vertices inserted along the border', () => {
    // Vertices anywhere along the border, each side on its own, up to 3 m off the line.
    const side = fc.array(fc.tuple(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { maxLength: 40 });
    const edge = (points: Array<[number, number]>): Position[] =>
      [...points].sort((p, q) => p[0] - q[0]).map(([t, offM]): Position => [EDGE + offM / 109_300, Y0 + t * (Y1 - Y0)]);
    fc.assert(
      fc.property(side, side, (w, e) => {
        const a = west(edge(w));
        const b = east(edge(e));
        const ab = sharedBorderM(a, b);
        expect(sharedBorderM(b, a)).toBe(ab);
        expect(Math.abs(ab - BORDER_M)).toBeLessThan(25);
        const pairs = computeAdjacency([
          { code: 'W', geometry: a },
          { code: 'E', geometry: b },
        ]);
        expect(pairs).toHaveLength(1);
        expect(pairs[0].sharedBorderM).toBe(Math.round(ab * 10) / 10);
      }),
      { numRuns: 200 },
    );
  });

  it('straight vertices inserted along the border leave its length unchanged', () => {
    const ts = fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 30 });
    const edge = (points: number[]): Position[] => [...points].sort((p, q) => p - q).map((t): Position => [EDGE, Y0 + (t / 1000) * (Y1 - Y0)]);
    const plain = sharedBorderM(west([]), east([]));
    fc.assert(
      fc.property(ts, ts, (w, e) => {
        expect(sharedBorderM(west(edge(w)), east(edge(e)))).toBeCloseTo(plain, 6);
      }),
    );
  });

  it('refuses a coordinate that is not a longitude/latitude, so a caller can keep what it had', () => {
    const bad = polygonWithNaN();
    expect(() =>
      computeAdjacency([
        { code: 'X', geometry: bad },
        { code: 'E', geometry: east([]) },
      ]),
    ).toThrow(/X: coordinate/);
  });

  it('makes neighbour lists symmetric', () => {
    const map = neighbourMap([canonicalPair('b', 'a'), canonicalPair('a', 'c')]);
    expect(map.get('a')).toEqual(['b', 'c']);
    expect(map.get('b')).toEqual(['a']);
    expect(map.get('c')).toEqual(['a']);
  });
});
