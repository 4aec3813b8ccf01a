import { type Setting, SETTINGS, SOURCE_PLACES, type SourcePlace } from '../cube/daily-facts.ts';
import { type CaseColumns, NO_PLACE, SOURCE_KNOWN, VOID } from './case-columns.ts';
import type { CaseRecord, DailyCount, TestCount } from './records.ts';

/** A unit and its ancestors, finest first: every cube row a record touches. */
export type ChainOf = (unit: string) => readonly string[];

const SEP = '\u0001';

/** Per unit, per date: the shape every table of the delta is summed in, so no key string is built per record. */
type ByUnitDate<V> = Map<string, Map<string, V>>;
/** Case counts of one unit and day: one slot per setting × source known (index setting * 2 + known). */
type Cell = number[];
/**
 * Tested, positive and suspected of one unit and day, and how many reports with a suspected count
 * (added or taken back) touched it: a report of 0 suspected still says "reported".
 */
type Tests = [number, number, number, number];
/** Cases of one unit and day per cluster (with source known), per place or per household. */
type Keyed = Map<string, number>;

const SLOT: Record<string, number> = Object.fromEntries(SETTINGS.map((s, i) => [s, i * 2]));
const newCell = (): Cell => [0, 0, 0, 0, 0, 0, 0, 0];
const newTests = (): Tests => [0, 0, 0, 0];
const newKeyed = (): Keyed => new Map();

/**
 * Changes to the daily cube from one batch, summed in memory so the store writes one row per
 * cube key instead of one per record. A record adds its contribution with sign +1; the version
 * it replaces subtracts its own with -1, so a correction or a void moves counts, never doubles them.
 */
export class CubeDelta {
  // Summed per leaf unit as records arrive; rolled up to ancestors once per distinct key (in
  // rollUp), so a million records cost a million map updates, not one per ancestor each.
  private readonly leaf = {
    cases: new Map() as ByUnitDate<Cell>,
    tests: new Map() as ByUnitDate<Tests>,
    clusters: new Map() as ByUnitDate<Keyed>,
    places: new Map() as ByUnitDate<Keyed>,
    households: new Map() as ByUnitDate<Keyed>,
  };
  private rolled: CubeDelta['leaf'] | null = null;
  private casesByKey: Map<string, number> | null = null;
  /** Units the records named (leaves); ancestors are implied. */
  readonly units = new Set<string>();
  from: string | null = null;
  to: string | null = null;

  constructor(private readonly chainOf: ChainOf) {}

  addCase(record: CaseRecord, sign: 1 | -1): void {
    if (record.void) return;
    this.addCaseFields(
      record.unit,
      record.confirmedDate,
      SLOT[record.setting] + (record.sourceKnown ? 1 : 0),
      record.sourceKnown,
      record.setting === 'community',
      record.sourcePlace,
      record.cluster,
      record.household,
      sign,
    );
  }

  /** Case `i` of a part's columns, as addCase would add it: a file's writer has no record object to pass. */
  addCaseAt(c: CaseColumns, i: number, sign: 1 | -1): void {
    const flags = c.flags[i];
    if ((flags & VOID) !== 0) return;
    const setting = c.setting[i];
    const known = (flags & SOURCE_KNOWN) !== 0;
    const place = c.place[i];
    this.addCaseFields(
      c.units[c.unit[i]],
      c.dates[c.date[i]],
      setting * 2 + (known ? 1 : 0),
      known,
      SETTINGS[setting] === 'community',
      place === NO_PLACE ? null : SOURCE_PLACES[place],
      c.cluster[i],
      c.household[i],
      sign,
    );
  }

  private addCaseFields(
    unit: string,
    date: string,
    slot: number,
    sourceKnown: boolean,
    community: boolean,
    sourcePlace: SourcePlace | null,
    cluster: string | null,
    household: string | null,
    sign: 1 | -1,
  ): void {
    this.at(this.leaf.cases, unit, date, newCell)[slot] += sign;
    // Only a community case counts towards its cluster and place (docs/rules-evidence.md §6).
    if (community && cluster !== null) bump(this.at(this.leaf.clusters, unit, date, newKeyed), cluster + SEP + (sourceKnown ? '1' : '0'), sign);
    if (community && sourcePlace !== null) bump(this.at(this.leaf.places, unit, date, newKeyed), sourcePlace, sign);
    if (household !== null) bump(this.at(this.leaf.households, unit, date, newKeyed), household, sign);
  }

  addCount(record: DailyCount, sign: 1 | -1): void {
    this.at(this.leaf.cases, record.unit, record.date, newCell)[SLOT[record.setting] + (record.sourceKnown ? 1 : 0)] += sign * record.count;
  }

  addTest(record: TestCount, sign: 1 | -1): void {
    const held = this.at(this.leaf.tests, record.unit, record.date, newTests);
    held[0] += sign * record.tested;
    held[1] += sign * record.positive;
    // A record from before suspected counts (a simulation file) has none: undefined is "not reported" too.
    if (record.suspected != null) {
      held[2] += sign * record.suspected;
      held[3]++;
    }
  }

  /** Adds another batch's changes to this one, so batches committed together write the cube once. */
  addAll(other: CubeDelta): void {
    if (other.isEmpty()) return;
    this.changed();
    for (const unit of other.units) this.units.add(unit);
    if (this.from === null || other.from! < this.from) this.from = other.from;
    if (this.to === null || other.to! > this.to) this.to = other.to;
    addInto(this.leaf, other.leaf, (unit) => [unit]);
  }

  /** Deltas per cube key (unit, date, setting, source known), for the unit each record named and every ancestor. */
  get cases(): Map<string, number> {
    if (!this.casesByKey) {
      this.casesByKey = new Map();
      for (const [unit, byDate] of this.rollUp().cases) {
        for (const [date, cell] of byDate) {
          cell.forEach((n, i) => {
            if (n !== 0) this.casesByKey!.set(unit + SEP + date + SEP + SETTINGS[i >> 1] + SEP + (i & 1), n);
          });
        }
      }
    }
    return this.casesByKey;
  }

  isEmpty(): boolean {
    return this.units.size === 0;
  }

  /** Non-zero deltas as rows, ready for the store's upsert-and-add. */
  rows(): CubeDeltaRows {
    const out: CubeDeltaRows = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
    const rolled = this.rollUp();
    for (const [unit, byDate] of rolled.cases) {
      for (const [date, cell] of byDate) {
        for (let i = 0; i < 8; i++) {
          if (cell[i] !== 0) out.cases.push({ unit, date, setting: SETTINGS[i >> 1] as Setting, sourceKnown: (i & 1) === 1, delta: cell[i] });
        }
      }
    }
    for (const [unit, byDate] of rolled.tests) {
      for (const [date, [tested, positive, suspected, reports]] of byDate) {
        if (tested !== 0 || positive !== 0 || reports !== 0) out.tests.push({ unit, date, tested, positive, suspected: reports === 0 ? null : suspected });
      }
    }
    eachKeyed(rolled.clusters, (unit, date, key, delta) => {
      const cut = key.lastIndexOf(SEP);
      out.clusters.push({ unit, date, cluster: key.slice(0, cut), sourceKnown: key.slice(cut + 1) === '1', delta });
    });
    eachKeyed(rolled.places, (unit, date, place, delta) => out.sourcePlaces.push({ unit, date, place: place as SourcePlace, delta }));
    eachKeyed(rolled.households, (unit, date, household, delta) => out.households.push({ unit, date, household, delta }));
    return out;
  }

  /**
   * The value kept for a leaf unit and date in one table, created empty on first use. The
   * batch's units and date range are noted only then, not once per record.
   */
  private at<V>(table: ByUnitDate<V>, unit: string, date: string, create: () => V): V {
    this.changed();
    let byDate = table.get(unit);
    if (!byDate) {
      table.set(unit, (byDate = new Map()));
      this.units.add(unit);
    }
    let value = byDate.get(date);
    if (value === undefined) {
      byDate.set(date, (value = create()));
      if (this.from === null || date < this.from) this.from = date;
      if (this.to === null || date > this.to) this.to = date;
    }
    return value;
  }

  private changed(): void {
    this.rolled = null;
    this.casesByKey = null;
  }

  private rollUp(): CubeDelta['leaf'] {
    if (!this.rolled) {
      const rolled: CubeDelta['leaf'] = { cases: new Map(), tests: new Map(), clusters: new Map(), places: new Map(), households: new Map() };
      addInto(rolled, this.leaf, this.chainOf);
      this.rolled = rolled;
    }
    return this.rolled;
  }
}

/** Adds every table of `from` into `into`, each leaf unit's values to every unit `unitsOf` gives for it. */
function addInto(into: CubeDelta['leaf'], from: CubeDelta['leaf'], unitsOf: (unit: string) => readonly string[]): void {
  const each = <V>(target: ByUnitDate<V>, source: ByUnitDate<V>, create: () => V, add: (to: V, from: V) => void) => {
    for (const [unit, byDate] of source) {
      for (const u of unitsOf(unit)) {
        let targetByDate = target.get(u);
        if (!targetByDate) target.set(u, (targetByDate = new Map()));
        for (const [date, value] of byDate) {
          let held = targetByDate.get(date);
          if (held === undefined) targetByDate.set(date, (held = create()));
          add(held, value);
        }
      }
    }
  };
  each(into.cases, from.cases, newCell, (to, c) => {
    for (let i = 0; i < 8; i++) to[i] += c[i];
  });
  each(into.tests, from.tests, newTests, (to, t) => {
    for (let i = 0; i < 4; i++) to[i] += t[i];
  });
  const keyed = (to: Keyed, k: Keyed) => {
    for (const [key, d] of k) bump(to, key, d);
  };
  each(into.clusters, from.clusters, newKeyed, keyed);
  each(into.places, from.places, newKeyed, keyed);
  each(into.households, from.households, newKeyed, keyed);
}

function eachKeyed(table: ByUnitDate<Keyed>, visit: (unit: string, date: string, key: string, delta: number) => void): void {
  for (const [unit, byDate] of table) {
    for (const [date, keyed] of byDate) {
      for (const [key, d] of keyed) if (d !== 0) visit(unit, date, key, d);
    }
  }
}

export interface CubeDeltaRows {
  cases: Array<{ unit: string; date: string; setting: Setting; sourceKnown: boolean; delta: number }>;
  /** Deltas of tested, positive and suspected (null: no report in the batch said anything of suspected cases there). */
  tests: Array<{ unit: string; date: string; tested: number; positive: number; suspected: number | null }>;
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
