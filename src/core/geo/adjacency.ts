import { bbox, length, lineOverlap, polygonToLine } from '@turf/turf';
import type { Feature, LineString, MultiLineString } from 'geojson';

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

/**
 * Computes which areas share a border of at least `minSharedM` metres, for datasets that come
 * without an adjacency file. A touch at a single point is not adjacency, matching how the
 * shipped HCMC facts were derived.
 */
export function computeAdjacency(features: ReadonlyArray<{ code: string; geometry: AreaGeometry }>, minSharedM = 10, toleranceKm = 0.002): AdjacencyPair[] {
  const boxes = features.map((f) => bbox(f.geometry));
  const lines = features.map((f) => polygonToLine(f.geometry));
  const pairs: AdjacencyPair[] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      if (!boxesTouch(boxes[i], boxes[j], toleranceKm / 100)) continue;
      const shared = sharedLengthM(lines[i], lines[j], toleranceKm);
      if (shared >= minSharedM) pairs.push(canonicalPair(features[i].code, features[j].code, Math.round(shared * 10) / 10));
    }
  }
  return pairs.sort((p, q) => p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
}

type Lines = ReturnType<typeof polygonToLine>;

function sharedLengthM(a: Lines, b: Lines, toleranceKm: number): number {
  let metres = 0;
  for (const la of asLineFeatures(a)) {
    for (const lb of asLineFeatures(b)) {
      for (const segment of lineOverlap(la, lb, { tolerance: toleranceKm }).features) {
        metres += length(segment, { units: 'kilometers' }) * 1000;
      }
    }
  }
  return metres;
}

function asLineFeatures(lines: Lines): Feature<LineString | MultiLineString>[] {
  return lines.type === 'FeatureCollection' ? lines.features : [lines];
}

function boxesTouch(a: number[], b: number[], padDeg: number): boolean {
  return a[0] <= b[2] + padDeg && b[0] <= a[2] + padDeg && a[1] <= b[3] + padDeg && b[1] <= a[3] + padDeg;
}
