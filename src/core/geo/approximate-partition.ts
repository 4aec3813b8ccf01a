import { bbox, featureCollection, intersect, polygon } from '@turf/turf';
import { Delaunay } from 'd3-delaunay';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

import { type AreaGeometry, toRfc7946 } from './geometry.ts';

export interface ReferencePoint {
  code: string;
  lon: number;
  lat: number;
}

/**
 * Approximates the areas of units whose real boundaries are unknown by partitioning their
 * parent's polygon around one interior reference point per unit (a Voronoi diagram clipped to
 * the parent). Every cell contains its own point, the cells tile the parent without overlap,
 * and the result is only ever labelled approximate: it shows where a unit is, not its border.
 */
export function partitionAroundPoints(parent: AreaGeometry, points: readonly ReferencePoint[]): Map<string, AreaGeometry> {
  const cells = new Map<string, AreaGeometry>();
  if (points.length === 0) return cells;
  if (points.length === 1) {
    cells.set(points[0].code, toRfc7946(parent));
    return cells;
  }
  const [minX, minY, maxX, maxY] = bbox(parent);
  // Triangulate in local units around the parent (its size is about 1), not raw degrees: near-
  // collinear points at 106.6°E lose the precision Delaunay needs and their cells come out empty.
  const scale = 1 / Math.max(maxX - minX, maxY - minY);
  const local = (lon: number, lat: number): [number, number] => [(lon - minX) * scale, (lat - minY) * scale];
  const world = ([x, y]: number[]) => [x / scale + minX, y / scale + minY];
  let voronoi = Delaunay.from(points.map((p) => local(p.lon, p.lat))).voronoi([-1, -1, 2, 2]);
  if (points.some((_, i) => !voronoi.cellPolygon(i))) {
    // Exactly collinear points leave Delaunay degenerate; a deterministic nudge far below a metre
    // (1e-7 of the parent's size) gives every point its cell and keeps the output reproducible.
    voronoi = Delaunay.from(
      points.map((p, i): [number, number] => {
        const [x, y] = local(p.lon, p.lat);
        return [x + 1e-7 * Math.sin(i * 12.9898), y + 1e-7 * Math.sin(i * 12.9898 + 78.233)];
      }),
    ).voronoi([-1, -1, 2, 2]);
  }
  const parentFeature: Feature<AreaGeometry> = { type: 'Feature', properties: {}, geometry: parent };
  points.forEach((point, i) => {
    const cell = voronoi.cellPolygon(i);
    if (!cell) throw new Error(`no Voronoi cell for ${point.code}: duplicate reference point?`);
    const ring = cell.map(world);
    ring[ring.length - 1] = ring[0];
    const clipped = intersect(featureCollection<Polygon | MultiPolygon>([polygon([ring]), parentFeature]));
    if (!clipped) throw new Error(`reference point of ${point.code} lies outside its parent polygon`);
    cells.set(point.code, toRfc7946(roundGeometry(clipped.geometry as Polygon | MultiPolygon)));
  });
  return cells;
}

/** Six decimals (about 0.1 m) keeps files small and output byte-stable across runs. */
function roundGeometry<G extends AreaGeometry>(geometry: G): G {
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  const ring = (positions: number[][]) => dedupe(positions.map(([x, y]) => [r(x), r(y)]));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(ring) } as G;
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) } as G;
}

/** Rounding can make neighbouring positions equal; repeated positions are dropped. */
function dedupe(positions: number[][]): number[][] {
  return positions.filter((p, i) => i === 0 || p[0] !== positions[i - 1][0] || p[1] !== positions[i - 1][1]);
}
