import { fitWidth, pathData } from '../geo/flat-projection.ts';
import type { AreaGeometry } from '../geo/geometry.ts';

/** One outline to draw: the geometry of a unit, in longitude/latitude (WGS84). */
export interface Outline {
  code: string;
  geometry: AreaGeometry;
}

/** Outlines projected into an SVG viewBox: each unit's path data, and the box they fill. */
export interface ProjectedOutlines {
  width: number;
  height: number;
  paths: Map<string, string>;
}

/**
 * Projects boundaries to SVG path data that fills a box `width` units wide (its height follows
 * the shape), so the embed stays a few kilobytes of server-rendered markup. Positions closer than
 * a quarter of a unit to the last one kept are dropped: at the size an iframe shows, they draw nothing.
 */
export function projectOutlines(outlines: readonly Outline[], width = 400, margin = 4): ProjectedOutlines {
  const fitted = fitWidth(
    outlines.map((o) => o.geometry),
    width,
    margin,
  );
  if (!fitted) return { width, height: width / 2, paths: new Map() };
  const paths = new Map(outlines.map(({ code, geometry }) => [code, pathData(geometry, fitted.projection, 0.25, 1)]));
  return { width, height: fitted.height, paths };
}
