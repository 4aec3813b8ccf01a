import type { Comparison } from '../rules/rulebook.ts';
import type { SparseEvent } from './cube-arrays.ts';

/*
 * The arithmetic under every windowed criterion, over one unit's days [d0, d1). Pure functions on
 * typed arrays; the caller owns the output and scratch buffers, so a full recompute allocates
 * nothing per unit.
 */

export const passes = (x: number, op: Comparison, value: number): boolean => (op === '>=' ? x >= value : x > value);

/** out[d] = values[d] op value for d in [d0, d1): one tight loop per operator, the hot path of every criterion. */
export function compareInto(values: Float64Array, d0: number, d1: number, op: Comparison, value: number, out: Uint8Array): Uint8Array {
  if (op === '>=') for (let d = d0; d < d1; d++) out[d] = values[d] >= value ? 1 : 0;
  else for (let d = d0; d < d1; d++) out[d] = values[d] > value ? 1 : 0;
  return out;
}

/** Trailing W-day sums (a case on D counts on D..D+W-1) of dense series, from offset `base` (the unit's row), for days [d0, d1). */
export function seriesWindow(series: readonly Int32Array[], base: number, W: number, d0: number, d1: number, out: Float64Array): Float64Array {
  if (series.length !== 1) out.fill(0, d0, d1);
  const lo = Math.max(0, d0 - W);
  for (const a of series) {
    // Start with days [d0-W, d0): the loop adds day d and drops day d-W.
    let sum = 0;
    for (let d = lo; d < d0; d++) sum += a[base + d];
    const firstDrop = Math.max(d0, W);
    let d = d0;
    if (series.length === 1) {
      for (; d < Math.min(firstDrop, d1); d++) out[d] = sum += a[base + d];
      for (; d < d1; d++) out[d] = sum += a[base + d] - a[base + d - W];
      continue;
    }
    for (; d < Math.min(firstDrop, d1); d++) {
      sum += a[base + d];
      out[d] += sum;
    }
    for (; d < d1; d++) {
      sum += a[base + d] - a[base + d - W];
      out[d] += sum;
    }
  }
  return out;
}

/** Trailing W-day sums of sparse events' cases for days [d0, d1). `diff` is scratch of at least d1 + 1 entries. */
export function eventWindowSum(
  events: readonly SparseEvent[],
  keys: ReadonlySet<number>,
  W: number,
  d0: number,
  d1: number,
  diff: Float64Array,
  out: Float64Array,
): Float64Array {
  diff.fill(0, d0, d1 + 1);
  let running = 0;
  for (const e of events) {
    if (e.day >= d1 || e.day + W <= d0 || !keys.has(e.key)) continue;
    if (e.day <= d0) running += e.cases;
    else diff[e.day] += e.cases;
    if (e.day + W < d1) diff[e.day + W] -= e.cases;
  }
  for (let d = d0; d < d1; d++) {
    if (d > d0) running += diff[d];
    out[d] = running;
  }
  // Events starting before d0 and ending inside were added at d0 and subtracted at their end.
  return out;
}

/** Per day, how many keys (clusters, households) have at least `minCases` cases in the trailing window. */
export function keyedWindowCount(
  events: readonly SparseEvent[],
  known: number,
  W: number,
  minCases: number,
  d0: number,
  d1: number,
  out: Float64Array,
): Float64Array {
  out.fill(0, d0, d1);
  if (events.length === 0) return out;
  const byKey = new Map<number, SparseEvent[]>();
  for (const e of events) {
    if (e.day >= d1 || e.day + W <= d0 || (known >= 0 && e.known !== known)) continue;
    const list = byKey.get(e.key);
    if (list) list.push(e);
    else byKey.set(e.key, [e]);
  }
  for (const list of byKey.values()) {
    // Sweep the change points of this key's window sum; mark the days where it reaches minCases.
    const points: Array<[number, number]> = [];
    for (const e of list) points.push([e.day, e.cases], [e.day + W, -e.cases]);
    points.sort((a, b) => a[0] - b[0]);
    let sum = 0;
    for (let i = 0; i < points.length;) {
      const day = points[i][0];
      while (i < points.length && points[i][0] === day) sum += points[i++][1];
      const next = i < points.length ? points[i][0] : d1;
      if (sum >= minCases) for (let d = Math.max(day, d0); d < Math.min(next, d1); d++) out[d]++;
    }
  }
  return out;
}

/** Half-open day intervals where the running sum of (day, delta) points passes `op value`. Sums start at 0. */
export function intervalsWhere(points: Array<[number, number]>, op: Comparison, value: number): Array<[number, number]> {
  if (points.length === 0 || passes(0, op, value)) return points.length === 0 && !passes(0, op, value) ? [] : [[-Infinity, Infinity]];
  points.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let sum = 0;
  let open: number | null = null;
  for (let i = 0; i < points.length;) {
    const day = points[i][0];
    while (i < points.length && points[i][0] === day) sum += points[i++][1];
    const holds = passes(sum, op, value);
    if (holds && open === null) open = day;
    else if (!holds && open !== null) {
      out.push([open, day]);
      open = null;
    }
  }
  if (open !== null) out.push([open, Infinity]);
  return out;
}
