import { dayNumber } from '../../src/simulate/calendar.ts';
import type { SimulatedCase, SimulatedRecord } from '../../src/simulate/records.ts';

/**
 * A SIMPLIFIED reading of Decision 2686's commune rules, only to check that the simulated
 * epidemic gives the demo something to show. It is not the engine: no rulebook, no risk factors,
 * no per-100,000 rule; neighbour rules only when asked. Over the 14-day window D-13..D, community
 * cases only:
 *   3 red    an unknown-source cluster with ≥ 2 cases in the ward, or a source traced to an
 *            industrial zone, school or supermarket;
 *   2 orange a case with unknown source;
 *   1 yellow a case with known source;
 *   0 green  none of these.
 * With `neighbours`, a second pass without cascading: next to red → at least orange, next to
 * orange → at least yellow.
 */
export type SimpleLevel = 0 | 1 | 2 | 3;
const RED_PLACES = new Set(['industrial_zone', 'school', 'supermarket']);

/** The cases as known now: the highest version of each id, retractions dropped. */
export function currentCases(records: Iterable<SimulatedRecord>): SimulatedCase[] {
  const latest = new Map<string, SimulatedCase>();
  for (const r of records) {
    if (r.kind !== 'case') continue;
    const seen = latest.get(r.id);
    if (!seen || r.version > seen.version) latest.set(r.id, r);
  }
  return [...latest.values()].filter((c) => !c.void);
}

export class SimplifiedLevels {
  private readonly byUnit = new Map<string, { day: number; c: SimulatedCase }[]>();

  constructor(cases: readonly SimulatedCase[]) {
    for (const c of cases) {
      if (c.setting !== 'community') continue;
      const list = this.byUnit.get(c.unit) ?? [];
      list.push({ day: dayNumber(c.confirmedDate), c });
      this.byUnit.set(c.unit, list);
    }
  }

  levelOf(unit: string, date: string): SimpleLevel {
    const end = dayNumber(date);
    let level: SimpleLevel = 0;
    const unknownClusters = new Map<string, number>();
    for (const { day, c } of this.byUnit.get(unit) ?? []) {
      if (day > end || day < end - 13) continue;
      if (c.sourcePlace && RED_PLACES.has(c.sourcePlace)) return 3;
      if (c.cluster && !c.sourceKnown) {
        const n = (unknownClusters.get(c.cluster) ?? 0) + 1;
        if (n >= 2) return 3;
        unknownClusters.set(c.cluster, n);
      }
      level = Math.max(level, c.sourceKnown ? 1 : 2) as SimpleLevel;
    }
    return level;
  }

  levels(units: readonly string[], date: string, neighbours?: ReadonlyMap<string, readonly string[]>): Map<string, SimpleLevel> {
    const first = new Map(units.map((u) => [u, this.levelOf(u, date)]));
    if (!neighbours) return first;
    const out = new Map<string, SimpleLevel>();
    for (const u of units) {
      let level = first.get(u) ?? 0;
      for (const v of neighbours.get(u) ?? []) {
        const l = first.get(v) ?? 0;
        if (l === 3) level = Math.max(level, 2) as SimpleLevel;
        else if (l === 2) level = Math.max(level, 1) as SimpleLevel;
      }
      out.set(u, level);
    }
    return out;
  }
}
