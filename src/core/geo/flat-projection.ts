import type { Position } from 'geojson';

import type { AreaGeometry } from './geometry.ts';

/**
 * Unit boundaries onto a flat picture (the server-rendered images and the embeds): an
 * equirectangular projection scaled by the cosine of the middle latitude. At a city's or a
 * district's extent (tens of kilometres, 10° N) it keeps shapes true to the eye and needs no map
 * library. SVG paths fill by the even-odd rule, so ring winding (RFC 7946's or d3's) does not matter.
 */

export interface Projection {
  project(p: Position): [number, number];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Extent {
  minLon: number;
  maxLat: number;
  /** Longitude's shrink at the middle latitude. */
  squash: number;
  /** Width and height in latitude degrees. */
  spanX: number;
  spanY: number;
}

function extentOf(geometries: readonly AreaGeometry[]): Extent | null {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const g of geometries)
    for (const ring of ringsOf(g))
      for (const [lon, lat] of ring) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  if (!Number.isFinite(minLon)) return null;
  const squash = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  return { minLon, maxLat, squash, spanX: Math.max((maxLon - minLon) * squash, 1e-9), spanY: Math.max(maxLat - minLat, 1e-9) };
}

function projection(e: Extent, scale: number, offsetX: number, offsetY: number): Projection {
  return { project: ([lon, lat]) => [offsetX + (lon - e.minLon) * e.squash * scale, offsetY + (e.maxLat - lat) * scale] };
}

/** The projection fitting every geometry into the box, centred. Null when there is nothing to fit. */
export function fitProjection(geometries: readonly AreaGeometry[], box: Box): Projection | null {
  const e = extentOf(geometries);
  if (!e) return null;
  const scale = Math.min(box.width / e.spanX, box.height / e.spanY);
  return projection(e, scale, box.x + (box.width - e.spanX * scale) / 2, box.y + (box.height - e.spanY * scale) / 2);
}

/**
 * The projection filling `width` within a margin, and the height the shape then takes (rounded
 * to a whole unit). Null when there is nothing to fit.
 */
export function fitWidth(geometries: readonly AreaGeometry[], width: number, margin: number): { projection: Projection; height: number } | null {
  const e = extentOf(geometries);
  if (!e) return null;
  const scale = (width - 2 * margin) / e.spanX;
  return { projection: projection(e, scale, margin, margin), height: Math.round(e.spanY * scale + 2 * margin) };
}

export function ringsOf(g: AreaGeometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * The SVG path data of a geometry, coordinates rounded to `digits` decimals. Points closer than
 * `tolerance` to the last one kept are dropped: they draw nothing at the picture's size and only
 * weigh on the file and the renderer. A ring's closing position repeats its first; Z closes it.
 * Rings left with fewer than three points are dropped.
 */
export function pathData(g: AreaGeometry, projection: Projection, tolerance: number, digits: number): string {
  const k = 10 ** digits;
  const round = (n: number) => Math.round(n * k) / k;
  const out: string[] = [];
  for (const ring of ringsOf(g)) {
    let last: [number, number] | null = null;
    const points: Array<[number, number]> = [];
    for (const position of ring) {
      const p = projection.project(position);
      if (last && Math.abs(p[0] - last[0]) < tolerance && Math.abs(p[1] - last[1]) < tolerance) continue;
      points.push([round(p[0]), round(p[1])]);
      last = p;
    }
    const [first, end] = [points[0], points[points.length - 1]];
    if (points.length > 1 && first[0] === end[0] && first[1] === end[1]) points.pop();
    if (points.length >= 3) out.push(`M${points.map(([x, y]) => `${x} ${y}`).join('L')}Z`);
  }
  return out.join('');
}
