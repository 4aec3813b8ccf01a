import type { Position } from 'geojson';

import type { AreaGeometry } from '../../core/geo/geometry.ts';
import type { Box } from './image-frame.ts';
import { r } from './svg-text.ts';

/**
 * Unit boundaries onto an image: an equirectangular projection scaled by the cosine of the mean
 * latitude (true to shape at a city's or a district's extent), fitted and centred in a box. SVG
 * paths fill by the even-odd rule, so ring winding (RFC 7946's or d3's) does not matter here.
 */

export interface Projection {
  project(p: Position): [number, number];
}

/** The projection fitting every geometry into the box. Null when there is nothing to fit. */
export function fitProjection(geometries: readonly AreaGeometry[], box: Box): Projection | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of geometries)
    for (const ring of ringsOf(g))
      for (const [lon, lat] of ring) {
        if (lon < minX) minX = lon;
        if (lon > maxX) maxX = lon;
        if (lat < minY) minY = lat;
        if (lat > maxY) maxY = lat;
      }
  if (!Number.isFinite(minX)) return null;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min(box.width / spanX, box.height / spanY);
  const offsetX = box.x + (box.width - spanX * scale) / 2;
  const offsetY = box.y + (box.height - spanY * scale) / 2;
  return { project: ([lon, lat]) => [offsetX + (lon - minX) * k * scale, offsetY + (maxY - lat) * scale] };
}

function ringsOf(g: AreaGeometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * The SVG path data of a geometry. Points closer than `tolerance` pixels to the last one kept are
 * dropped: they draw nothing at the image's size and only weigh on the file and the renderer.
 */
export function pathData(g: AreaGeometry, projection: Projection, tolerance = 0.6): string {
  const out: string[] = [];
  for (const ring of ringsOf(g)) {
    let last: [number, number] | null = null;
    const points: string[] = [];
    for (const position of ring) {
      const p = projection.project(position);
      if (last && Math.abs(p[0] - last[0]) < tolerance && Math.abs(p[1] - last[1]) < tolerance) continue;
      points.push(`${r(p[0])} ${r(p[1])}`);
      last = p;
    }
    if (points.length >= 3) out.push(`M${points.join('L')}Z`);
  }
  return out.join('');
}
