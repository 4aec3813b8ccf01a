import { type DailyFacts, type Setting, SOURCE_PLACES } from '../cube/daily-facts.ts';

/** A sparse cube fact: clusters, households and traced places are few per unit, so they stay as lists. */
export interface SparseEvent {
  day: number;
  /** Interned cluster or household id, or the index of the place in SOURCE_PLACES. */
  key: number;
  /** 1 when the source is known (clusters only). */
  known: number;
  cases: number;
}

/** Which parts of the cube a rulebook reads, so a national cube does not hold series nobody uses. */
export interface CubeNeeds {
  /** `${setting}|${0|1}` case series. */
  caseSeries: Set<string>;
  tests: boolean;
  clusters: boolean;
  places: boolean;
  households: boolean;
}

export const caseSeriesKey = (setting: Setting, known: boolean | number): string => `${setting}|${known ? 1 : 0}`;

/**
 * The daily cube held as typed arrays, unit-major (`unit * days + day`), for the units and days of
 * one engine. Dense series for case counts and tests, per-unit event lists for the sparse facts.
 */
export class CubeArrays {
  readonly dense = new Map<string, Int32Array>();
  readonly tested: Int32Array | null;
  readonly positive: Int32Array | null;
  readonly clusters: SparseEvent[][];
  readonly places: SparseEvent[][];
  readonly households: SparseEvent[][];
  private readonly interned = new Map<string, number>();

  constructor(
    readonly unitCount: number,
    readonly days: number,
    readonly needs: CubeNeeds,
  ) {
    for (const key of needs.caseSeries) this.dense.set(key, new Int32Array(unitCount * days));
    this.tested = needs.tests ? new Int32Array(unitCount * days) : null;
    this.positive = needs.tests ? new Int32Array(unitCount * days) : null;
    const lists = (on: boolean) => Array.from({ length: on ? unitCount : 0 }, () => [] as SparseEvent[]);
    this.clusters = lists(needs.clusters);
    this.places = lists(needs.places);
    this.households = lists(needs.households);
  }

  intern(id: string): number {
    let key = this.interned.get(id);
    if (key === undefined) this.interned.set(id, (key = this.interned.size));
    return key;
  }

  /** Forgets everything a unit had on days [d0, d1], before the replacing facts are added. */
  clear(unit: number, d0: number, d1: number): void {
    const lo = Math.max(0, d0);
    const hi = Math.min(this.days - 1, d1);
    if (hi < lo) return;
    const base = unit * this.days;
    for (const series of this.dense.values()) series.fill(0, base + lo, base + hi + 1);
    this.tested?.fill(0, base + lo, base + hi + 1);
    this.positive?.fill(0, base + lo, base + hi + 1);
    for (const lists of [this.clusters, this.places, this.households]) {
      if (lists.length === 0) continue;
      lists[unit] = lists[unit].filter((e) => e.day < lo || e.day > hi);
    }
  }

  /**
   * Adds facts (cells replace, so the caller clears first). Units the engine does not know and
   * days outside its calendar are skipped: they cannot change any level it computes.
   */
  add(facts: DailyFacts, unitIndex: (code: string) => number | undefined, dayIndex: (date: string) => number): void {
    const at = (code: string, date: string): [number, number] | null => {
      const u = unitIndex(code);
      if (u === undefined) return null;
      const d = dayIndex(date);
      return d >= 0 && d < this.days ? [u, d] : null;
    };
    for (const c of facts.cases) {
      const series = this.dense.get(caseSeriesKey(c.setting, c.sourceKnown));
      if (!series) continue;
      const p = at(c.unit, c.date);
      if (p) series[p[0] * this.days + p[1]] += c.cases;
    }
    if (this.tested && this.positive) {
      for (const t of facts.tests) {
        const p = at(t.unit, t.date);
        if (!p) continue;
        this.tested[p[0] * this.days + p[1]] += t.tested;
        this.positive[p[0] * this.days + p[1]] += t.positive;
      }
    }
    const touched = new Set<SparseEvent[]>();
    const push = (lists: SparseEvent[][], p: [number, number] | null, key: number, known: number, cases: number) => {
      if (!p || lists.length === 0 || cases <= 0) return;
      lists[p[0]].push({ day: p[1], key, known, cases });
      touched.add(lists[p[0]]);
    };
    for (const c of facts.clusters) push(this.clusters, at(c.unit, c.date), this.intern(`c:${c.cluster}`), c.sourceKnown ? 1 : 0, c.cases);
    for (const s of facts.sourcePlaces) push(this.places, at(s.unit, s.date), SOURCE_PLACES.indexOf(s.place), 1, s.cases);
    for (const h of facts.households) push(this.households, at(h.unit, h.date), this.intern(`h:${h.household}`), 0, h.cases);
    // Sorted lists make the window sweeps simple and the outcome independent of arrival order.
    for (const list of touched) list.sort((a, b) => a.day - b.day || a.key - b.key || a.known - b.known);
  }
}
