import type { Setting, SourcePlace } from '../cube/daily-facts.ts';
import type { CaseRecord, DailyCount, TestCount } from './records.ts';

/** A unit and its ancestors, finest first: every cube row a record touches. */
export type ChainOf = (unit: string) => readonly string[];

const SEP = '\u0001';

/**
 * Changes to the daily cube from one batch, summed in memory so the store writes one row per
 * cube key instead of one per record. A record adds its contribution with sign +1; the version
 * it replaces subtracts its own with -1, so a correction or a void moves counts, never doubles them.
 */
export class CubeDelta {
  readonly cases = new Map<string, number>();
  readonly tests = new Map<string, [number, number]>();
  readonly clusters = new Map<string, number>();
  readonly sourcePlaces = new Map<string, number>();
  readonly households = new Map<string, number>();
  /** Units the records named (leaves); ancestors are implied. */
  readonly units = new Set<string>();
  from: string | null = null;
  to: string | null = null;

  constructor(private readonly chainOf: ChainOf) {}

  addCase(record: CaseRecord, sign: 1 | -1): void {
    if (record.void) return;
    this.touch(record.unit, record.confirmedDate);
    const sk = record.sourceKnown ? 1 : 0;
    const community = record.setting === 'community';
    for (const unit of this.chainOf(record.unit)) {
      const head = unit + SEP + record.confirmedDate + SEP;
      bump(this.cases, head + record.setting + SEP + sk, sign);
      if (community && record.cluster !== null) bump(this.clusters, head + record.cluster + SEP + sk, sign);
      if (community && record.sourcePlace !== null) bump(this.sourcePlaces, head + record.sourcePlace, sign);
      if (record.household !== null) bump(this.households, head + record.household, sign);
    }
  }

  addCount(record: DailyCount, sign: 1 | -1): void {
    this.touch(record.unit, record.date);
    const sk = record.sourceKnown ? 1 : 0;
    for (const unit of this.chainOf(record.unit)) bump(this.cases, unit + SEP + record.date + SEP + record.setting + SEP + sk, sign * record.count);
  }

  addTest(record: TestCount, sign: 1 | -1): void {
    this.touch(record.unit, record.date);
    for (const unit of this.chainOf(record.unit)) {
      const key = unit + SEP + record.date;
      const held = this.tests.get(key);
      if (held) {
        held[0] += sign * record.tested;
        held[1] += sign * record.positive;
      } else this.tests.set(key, [sign * record.tested, sign * record.positive]);
    }
  }

  isEmpty(): boolean {
    return this.units.size === 0;
  }

  /** Non-zero deltas as rows, ready for the store's upsert-and-add. */
  rows(): CubeDeltaRows {
    const out: CubeDeltaRows = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
    for (const [key, d] of this.cases) {
      if (d === 0) continue;
      const [unit, date, setting, sk] = key.split(SEP);
      out.cases.push({ unit, date, setting: setting as Setting, sourceKnown: sk === '1', delta: d });
    }
    for (const [key, [tested, positive]] of this.tests) {
      if (tested === 0 && positive === 0) continue;
      const [unit, date] = key.split(SEP);
      out.tests.push({ unit, date, tested, positive });
    }
    for (const [key, d] of this.clusters) {
      if (d === 0) continue;
      const [unit, date, cluster, sk] = key.split(SEP);
      out.clusters.push({ unit, date, cluster, sourceKnown: sk === '1', delta: d });
    }
    for (const [key, d] of this.sourcePlaces) {
      if (d === 0) continue;
      const [unit, date, place] = key.split(SEP);
      out.sourcePlaces.push({ unit, date, place: place as SourcePlace, delta: d });
    }
    for (const [key, d] of this.households) {
      if (d === 0) continue;
      const [unit, date, household] = key.split(SEP);
      out.households.push({ unit, date, household, delta: d });
    }
    return out;
  }

  private touch(unit: string, date: string): void {
    this.units.add(unit);
    if (this.from === null || date < this.from) this.from = date;
    if (this.to === null || date > this.to) this.to = date;
  }
}

export interface CubeDeltaRows {
  cases: Array<{ unit: string; date: string; setting: Setting; sourceKnown: boolean; delta: number }>;
  /** Deltas of tested and positive. */
  tests: Array<{ unit: string; date: string; tested: number; positive: number }>;
  clusters: Array<{ unit: string; date: string; cluster: string; sourceKnown: boolean; delta: number }>;
  sourcePlaces: Array<{ unit: string; date: string; place: SourcePlace; delta: number }>;
  households: Array<{ unit: string; date: string; household: string; delta: number }>;
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Memoises unit → [unit, parent, …, root] for a hierarchy lookup. */
export function chainCache(ancestors: (unit: string) => readonly string[]): ChainOf {
  const cache = new Map<string, readonly string[]>();
  return (unit) => {
    let chain = cache.get(unit);
    if (!chain) cache.set(unit, (chain = [unit, ...ancestors(unit)]));
    return chain;
  };
}
