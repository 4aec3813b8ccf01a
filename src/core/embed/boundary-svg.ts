import type { Position } from 'geojson';

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
 * the shape). An equirectangular projection scaled by the cosine of the middle latitude: at a
 * city's scale (tens of kilometres, 10° N) it keeps shapes true to the eye, and needs no map
 * library, so the embed stays a few kilobytes of server-rendered markup. Positions closer than
 * a quarter of a unit to the last one kept are dropped: at the size an iframe shows, they draw
 * nothing and would only weigh the page.
 */
export function projectOutlines(outlines: readonly Outline[], width = 400, margin = 4): ProjectedOutlines {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const { geometry } of outlines)
    for (const ring of rings(geometry))
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
  if (!Number.isFinite(minLon)) return { width, height: width / 2, paths: new Map() };
  const squash = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * squash, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const height = Math.round(spanY * scale + 2 * margin);
  const x = (lon: number) => round(margin + (lon - minLon) * squash * scale);
  const y = (lat: number) => round(margin + (maxLat - lat) * scale);
  const paths = new Map<string, string>();
  for (const { code, geometry } of outlines) {
    const parts: string[] = [];
    for (const ring of rings(geometry)) {
      const points: Array<[number, number]> = [];
      for (const [lon, lat] of ring) {
        const p: [number, number] = [x(lon), y(lat)];
        const last = points[points.length - 1];
        if (last && Math.abs(last[0] - p[0]) < 0.25 && Math.abs(last[1] - p[1]) < 0.25) continue;
        points.push(p);
      }
      // The ring's closing position repeats its first; the path's Z closes it.
      const [first, last] = [points[0], points[points.length - 1]];
      if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
      if (points.length < 3) continue;
      parts.push(`M${points.map(([px, py]) => `${px} ${py}`).join('L')}Z`);
    }
    paths.set(code, parts.join(''));
  }
  return { width, height, paths };
}

function rings(geometry: AreaGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

const round = (n: number) => Math.round(n * 10) / 10;
