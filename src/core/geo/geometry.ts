import { booleanValid, kinks, rewind } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;

/**
 * Checks that a GeoJSON geometry is an area the map can draw and the rules can trust:
 * a Polygon or MultiPolygon, numeric WGS84 positions, closed rings of at least four positions,
 * no self-intersection. Returns the faults found, each a sentence naming where it is.
 */
export function areaGeometryFaults(geometry: unknown): string[] {
  if (typeof geometry !== 'object' || geometry === null) return ['geometry is missing'];
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return [`geometry type is ${JSON.stringify(g.type)}, expected Polygon or MultiPolygon`];
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return ['geometry has no coordinates'];
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const faults: string[] = [];
  polygons.forEach((polygon, p) => {
    const where = g.type === 'MultiPolygon' ? `polygon ${p + 1}, ` : '';
    if (!Array.isArray(polygon) || polygon.length === 0) {
      faults.push(`${where}no rings`);
      return;
    }
    polygon.forEach((ring, r) => faults.push(...ringFaults(ring, `${where}ring ${r + 1}`)));
  });
  if (faults.length > 0) return faults;
  const feature: Feature<AreaGeometry> = { type: 'Feature', properties: {}, geometry: g as AreaGeometry };
  const crossings = kinks(feature).features.length;
  if (crossings > 0) return [`boundary crosses itself at ${crossings} point(s)`];
  if (!booleanValid(feature)) return ['geometry is not a valid polygon (rings overlap or holes lie outside)'];
  return [];
}

function ringFaults(ring: unknown, where: string): string[] {
  if (!Array.isArray(ring)) return [`${where} is not a list of positions`];
  for (let i = 0; i < ring.length; i++) {
    const position = ring[i] as unknown;
    if (!Array.isArray(position) || position.length < 2 || !position.slice(0, 2).every((n) => Number.isFinite(n))) {
      return [`${where}, position ${i + 1} is not a [longitude, latitude] pair of numbers`];
    }
    const [lon, lat] = position as number[];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      return [`${where}, position ${i + 1} (${lon}, ${lat}) is outside WGS84 longitude/latitude range`];
    }
  }
  if (ring.length < 4) return [`${where} has ${ring.length} positions; a closed ring needs at least 4`];
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) return [`${where} is not closed (first and last positions differ)`];
  return [];
}

/** Rewinds to RFC 7946: outer rings counter-clockwise, holes clockwise. */
export function toRfc7946<G extends AreaGeometry>(geometry: G): G {
  return rewind(geometry, { reverse: false, mutate: false }) as G;
}

/**
 * The geometry with each position repeated back to back kept once. Published outlines carry
 * such repeats (the 2025 HCMC outline closes each ring twice); they draw nothing, but turf
 * reads the zero-length segment as the boundary crossing itself. Anything not shaped like
 * Polygon or MultiPolygon coordinates is returned as it came, for the validation to name.
 */
export function withoutRepeatedPositions(geometry: unknown): unknown {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (typeof g !== 'object' || g === null || !Array.isArray(g.coordinates)) return geometry;
  const ring = (r: unknown) =>
    Array.isArray(r) ? r.filter((p, i) => i === 0 || !Array.isArray(p) || !Array.isArray(r[i - 1]) || p[0] !== r[i - 1][0] || p[1] !== r[i - 1][1]) : r;
  const polygon = (p: unknown) => (Array.isArray(p) ? p.map(ring) : p);
  if (g.type === 'Polygon') return { ...g, coordinates: polygon(g.coordinates) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map(polygon) };
  return geometry;
}
