import type { AreaGeometry } from '../../src/core/geo/geometry.ts';

/** An axis-aligned square polygon (closed ring, counter-clockwise) of side `size` degrees from (x, y). */
export function square(x: number, y: number, size: number): AreaGeometry {
  return {
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
  };
}

/** A polygon whose first corner is no longitude (NaN): what a geometry computation must refuse, not swallow. */
export function polygonWithNaN(): AreaGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [Number.NaN, 10.7],
        [106.71, 10.7],
        [106.71, 10.71],
        [Number.NaN, 10.7],
      ],
    ],
  };
}
