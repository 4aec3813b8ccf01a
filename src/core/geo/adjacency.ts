import type { Position } from 'geojson';

import type { AreaGeometry } from './geometry.ts';

/** A shared border between two units; `a < b` so each pair is stored once. */
export interface AdjacencyPair {
  a: string;
  b: string;
  sharedBorderM: number | null;
}

/** Orders a pair so that `a < b`; the one canonical form every store and test compares. */
export function canonicalPair(x: string, y: string, sharedBorderM: number | null = null): AdjacencyPair {
  return x < y ? { a: x, b: y, sharedBorderM } : { a: y, b: x, sharedBorderM };
}

/** Neighbour lists from pairs, symmetric by construction. */
export function neighbourMap(pairs: readonly AdjacencyPair[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = map.get(from);
    if (list) list.push(to);
    else map.set(from, [to]);
  };
  for (const { a, b } of pairs) {
    add(a, b);
    add(b, a);
  }
  for (const list of map.values()) list.sort();
  return map;
}

export interface AdjacencyOptions {
  /** Shortest common border that makes two areas neighbours; a touch at a point never does. */
  minSharedM?: number;
  /**
   * How far apart, in metres, the two sides of one border may lie. Independently digitised
   * polygons put their own vertices on a shared border, a few metres off each other's lines.
   */
  toleranceM?: number;
}

/** 10 m of common border, as the shipped HCMC facts were derived. */
export const DEFAULT_MIN_SHARED_M = 10;
/** Fits borders digitised independently at city scale (vertex offsets of a few metres). */
export const DEFAULT_TOLERANCE_M = 15;

/**
 * Computes which areas share a border of at least `minSharedM` metres, for datasets that come
 * without an adjacency file. The length is measured symmetrically ({@link sharedBorderM}).
 * Throws on a coordinate that is not a finite longitude/latitude: a caller keeps what it had.
 */
export function computeAdjacency(features: ReadonlyArray<{ code: string; geometry: AreaGeometry }>, options: AdjacencyOptions = {}): AdjacencyPair[] {
  const minSharedM = options.minSharedM ?? DEFAULT_MIN_SHARED_M;
  const toleranceM = options.toleranceM ?? DEFAULT_TOLERANCE_M;
  const rings = features.map((f) => lonLatRings(f.code, f.geometry));
  const projection = localProjection(rings.flat(2));
  const borders = rings.map((r) => toBorder(r, projection));
  const pairs: AdjacencyPair[] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      if (!boxesTouch(borders[i].box, borders[j].box, toleranceM)) continue;
      const shared = sharedLength(borders[i], borders[j], toleranceM);
      if (shared >= minSharedM) pairs.push(canonicalPair(features[i].code, features[j].code, Math.round(shared * 10) / 10));
    }
  }
  return pairs.sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
}

/**
 * The length in metres of the border two areas share, symmetric by construction:
 * the mean of (a's boundary lying along b's) and (b's lying along a's). A piece of boundary lies
 * along the other's when it is within `toleranceM` of one of its segments, beside it (not past its
 * ends) and running within 45° of it, so a touch at a corner or a T-junction adds nothing and
 * extra vertices on either side change nothing.
 */
export function sharedBorderM(a: AreaGeometry, b: AreaGeometry, toleranceM = DEFAULT_TOLERANCE_M): number {
  const ra = lonLatRings('a', a);
  const rb = lonLatRings('b', b);
  const projection = localProjection([...ra.flat(), ...rb.flat()]);
  return sharedLength(toBorder(ra, projection), toBorder(rb, projection), toleranceM);
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
/** cos 45°: a segment running more steeply than this against the other side is crossing it, not along it. */
const MIN_COS = Math.SQRT1_2;

interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface Border {
  segments: Segment[];
  box: [number, number, number, number];
}

type Projection = (p: Position) => [number, number];

function lonLatRings(code: string, geometry: AreaGeometry): Position[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings = polygons.flat();
  for (const ring of rings) {
    for (const p of ring) {
      if (!(Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) {
        throw new RangeError(`${code}: coordinate ${JSON.stringify(p)} is not a longitude/latitude`);
      }
    }
  }
  return rings;
}

/** Equirectangular metres about the middle latitude: within 0.5 % across a city. */
function localProjection(points: readonly Position[]): Projection {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const kx = EARTH_RADIUS_M * RAD * Math.cos(((minY + maxY) / 2) * RAD);
  const ky = EARTH_RADIUS_M * RAD;
  return (p) => [p[0] * kx, p[1] * ky];
}

function toBorder(rings: readonly Position[][], project: Projection): Border {
  const segments: Segment[] = [];
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    const points = ring.map(project);
    for (let k = 0; k + 1 < points.length; k++) {
      const [x0, y0] = points[k];
      const [x1, y1] = points[k + 1];
      if (x0 === x1 && y0 === y1) continue;
      const s = { x0, y0, x1, y1, minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) };
      segments.push(s);
      box[0] = Math.min(box[0], s.minX);
      box[1] = Math.min(box[1], s.minY);
      box[2] = Math.max(box[2], s.maxX);
      box[3] = Math.max(box[3], s.maxY);
    }
  }
  return { segments, box };
}

function sharedLength(a: Border, b: Border, toleranceM: number): number {
  return (alongLength(a, b, toleranceM) + alongLength(b, a, toleranceM)) / 2;
}

/** How much of `from`'s boundary runs along `to`'s, each piece counted once. */
function alongLength(from: Border, to: Border, tol: number): number {
  const near = to.segments.filter((q) => segmentBoxTouches(q, from.box, tol));
  let metres = 0;
  for (const p of from.segments) {
    if (!segmentBoxTouches(p, to.box, tol)) continue;
    const intervals: Array<[number, number]> = [];
    for (const q of near) {
      if (p.maxX < q.minX - tol || q.maxX < p.minX - tol || p.maxY < q.minY - tol || q.maxY < p.minY - tol) continue;
      const piece = clipToStrip(p, q, tol);
      if (piece) intervals.push(piece);
    }
    metres += unionLength(intervals) * Math.hypot(p.x1 - p.x0, p.y1 - p.y0);
  }
  return metres;
}

/**
 * The part of `p` (as parameters in [0, 1]) inside the strip beside `q`: within `tol` of q's
 * line and between the perpendiculars at its ends; none when p runs across q.
 */
function clipToStrip(p: Segment, q: Segment, tol: number): [number, number] | null {
  const qx = q.x1 - q.x0;
  const qy = q.y1 - q.y0;
  const qLen = Math.hypot(qx, qy);
  const ux = qx / qLen;
  const uy = qy / qLen;
  const px = p.x1 - p.x0;
  const py = p.y1 - p.y0;
  const pLen = Math.hypot(px, py);
  if (Math.abs(px * ux + py * uy) < MIN_COS * pLen) return null;
  // p(t) in q's frame: along = a0 + t·da, across = c0 + t·dc.
  const a0 = (p.x0 - q.x0) * ux + (p.y0 - q.y0) * uy;
  const da = px * ux + py * uy;
  const c0 = (p.x0 - q.x0) * -uy + (p.y0 - q.y0) * ux;
  const dc = px * -uy + py * ux;
  let lo = 0;
  let hi = 1;
  for (const [start, slope, min, max] of [
    [a0, da, 0, qLen],
    [c0, dc, -tol, tol],
  ] as const) {
    if (slope === 0) {
      if (start < min || start > max) return null;
      continue;
    }
    const t0 = (min - start) / slope;
    const t1 = (max - start) / slope;
    lo = Math.max(lo, Math.min(t0, t1));
    hi = Math.min(hi, Math.max(t0, t1));
    if (hi <= lo) return null;
  }
  return [lo, hi];
}

function unionLength(intervals: Array<[number, number]>): number {
  intervals.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [lo, hi] of intervals) {
    if (hi <= end) continue;
    total += hi - Math.max(lo, end);
    end = hi;
  }
  return total;
}

function segmentBoxTouches(s: Segment, box: readonly number[], pad: number): boolean {
  return s.minX <= box[2] + pad && box[0] - pad <= s.maxX && s.minY <= box[3] + pad && box[1] - pad <= s.maxY;
}

function boxesTouch(a: readonly number[], b: readonly number[], pad: number): boolean {
  return a[0] <= b[2] + pad && b[0] <= a[2] + pad && a[1] <= b[3] + pad && b[1] <= a[3] + pad;
}
