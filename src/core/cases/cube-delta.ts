import { SETTINGS, SOURCE_PLACES, type Setting, type SourcePlace } from '../cube/daily-facts.ts';
import { NO_PLACE, SOURCE_KNOWN, VOID, type CaseColumns } from './case-columns.ts';
import type { CaseRecord, DailyCount, TestCount } from './records.ts';

/** A unit and its ancestors, finest first: every cube row a record touches. */
export type ChainOf = (unit: string) => readonly string[];

const SEP = '\u0001';

/** Case counts of one unit and day: one slot per setting × source known (index setting * 2 + known). */
type Cell = number[];
type Cells = Map<string, Map<string, Cell>>;
const SLOT: Record<string, number> = Object.fromEntries(SETTINGS.map((s, i) => [s, i * 2]));
const newCell = (): Cell => [0, 0, 0, 0, 0, 0, 0, 0];

function cellOf(cells: Cells, unit: string, date: string): Cell {
  let byDate = cells.get(unit);
  if (!byDate) cells.set(unit, (byDate = new Map()));
  let cell = byDate.get(date);
  if (!cell) byDate.set(date, (cell = newCell()));
  return cell;
}

/**
 * Changes to the daily cube from one batch, summed in memory so the store writes one row per
 * cube key instead of one per record. A record adds its contribution with sign +1; the version
 * it replaces subtracts its own with -1, so a correction or a void moves counts, never doubles them.
 */
export class CubeDelta {
  // Summed per leaf unit as records arrive; rolled up to ancestors once per distinct key (in the
  // getters below), so a million records cost a million map updates, not one per ancestor each.
  // Case counts, the bulk of every batch, in nested maps of small arrays: no key string per record.
  private readonly leafCases: Cells = new Map();
  private readonly leafTests = new Map<string, [number, number]>();
  private readonly leafClusters = new Map<string, number>();
  private readonly leafPlaces = new Map<string, number>();
  private readonly leafHouseholds = new Map<string, number>();
  private rolled: { cells: Cells; cases: Map<string, number>; tests: Map<string, [number, number]>; clusters: Map<string, number>; sourcePlaces: Map<string, number>; households: Map<string, number> } | null = null;
  /** Units the records named (leaves); ancestors are implied. */
  readonly units = new Set<string>();
  from: string | null = null;
  to: string | null = null;

  constructor(private readonly chainOf: ChainOf) {}

  addCase(record: CaseRecord, sign: 1 | -1): void {
    if (record.void) return;
    this.addCaseFields(record.unit, record.confirmedDate, SLOT[record.setting] + (record.sourceKnown ? 1 : 0), record.sourceKnown, record.setting === 'community', record.sourcePlace, record.cluster, record.household, sign);
  }

  /** Case `i` of a part's columns, as addCase would add it: a file's writer has no record object to pass. */
  addCaseAt(c: CaseColumns, i: number, sign: 1 | -1): void {
    const flags = c.flags[i];
    if ((flags & VOID) !== 0) return;
    const setting = c.setting[i];
    const known = (flags & SOURCE_KNOWN) !== 0;
    const place = c.place[i];
    this.addCaseFields(c.units[c.unit[i]], c.dates[c.date[i]], setting * 2 + (known ? 1 : 0), known, SETTINGS[setting] === 'community', place === NO_PLACE ? null : SOURCE_PLACES[place], c.cluster[i], c.household[i], sign);
  }

  private addCaseFields(unit: string, date: string, slot: number, sourceKnown: boolean, community: boolean, sourcePlace: SourcePlace | null, cluster: string | null, household: string | null, sign: 1 | -1): void {
    this.touch(unit, date);
    cellOf(this.leafCases, unit, date)[slot] += sign;
    // Most cases name no cluster, place or household: build the key prefix only when one does.
    const clustered = community && (cluster !== null || sourcePlace !== null);
    if (!clustered && household === null) return;
    const head = unit + SEP + date + SEP;
    if (clustered) {
      if (cluster !== null) bump(this.leafClusters, head + cluster + SEP + (sourceKnown ? '1' : '0'), sign);
      if (sourcePlace !== null) bump(this.leafPlaces, head + sourcePlace, sign);
    }
    if (household !== null) bump(this.leafHouseholds, head + household, sign);
  }

  addCount(record: DailyCount, sign: 1 | -1): void {
    this.touch(record.unit, record.date);
    cellOf(this.leafCases, record.unit, record.date)[SLOT[record.setting] + (record.sourceKnown ? 1 : 0)] += sign * record.count;
  }

  addTest(record: TestCount, sign: 1 | -1): void {
    this.touch(record.unit, record.date);
    const key = record.unit + SEP + record.date;
    const held = this.leafTests.get(key);
    if (held) {
      held[0] += sign * record.tested;
      held[1] += sign * record.positive;
    } else this.leafTests.set(key, [sign * record.tested, sign * record.positive]);
  }

  /** Adds another batch's changes to this one, so batches committed together write the cube once. */
  addAll(other: CubeDelta): void {
    if (other.isEmpty()) return;
    this.rolled = null;
    for (const unit of other.units) this.units.add(unit);
    if (this.from === null || other.from! < this.from) this.from = other.from;
    if (this.to === null || other.to! > this.to) this.to = other.to;
    for (const [unit, byDate] of other.leafCases) {
      for (const [date, cell] of byDate) {
        const target = cellOf(this.leafCases, unit, date);
        for (let i = 0; i < 8; i++) target[i] += cell[i];
      }
    }
    for (const [key, [t, p]] of other.leafTests) {
      const held = this.leafTests.get(key);
      if (held) {
        held[0] += t;
        held[1] += p;
      } else this.leafTests.set(key, [t, p]);
    }
    for (const [key, d] of other.leafClusters) bump(this.leafClusters, key, d);
    for (const [key, d] of other.leafPlaces) bump(this.leafPlaces, key, d);
    for (const [key, d] of other.leafHouseholds) bump(this.leafHouseholds, key, d);
  }

  /** Deltas per cube key, for the unit each record named and every ancestor. */
  get cases(): Map<string, number> {
    const rolled = this.rollUp();
    if (rolled.cases.size === 0) {
      for (const [unit, byDate] of rolled.cells) {
        for (const [date, cell] of byDate) {
          cell.forEach((n, i) => {
            if (n !== 0) rolled.cases.set(unit + SEP + date + SEP + SETTINGS[i >> 1] + SEP + (i & 1), n);
          });
        }
      }
    }
    return rolled.cases;
  }
  get tests(): Map<string, [number, number]> {
    return this.rollUp().tests;
  }
  get clusters(): Map<string, number> {
    return this.rollUp().clusters;
  }
  get sourcePlaces(): Map<string, number> {
    return this.rollUp().sourcePlaces;
  }
  get households(): Map<string, number> {
    return this.rollUp().households;
  }

  private rollUp() {
    if (this.rolled) return this.rolled;
    const spread = (leaf: Map<string, number>) => {
      const out = new Map<string, number>();
      for (const [key, d] of leaf) {
        const cut = key.indexOf(SEP);
        const rest = key.slice(cut);
        for (const unit of this.chainOf(key.slice(0, cut))) bump(out, unit + rest, d);
      }
      return out;
    };
    const tests = new Map<string, [number, number]>();
    for (const [key, [t, p]] of this.leafTests) {
      const cut = key.indexOf(SEP);
      const rest = key.slice(cut);
      for (const unit of this.chainOf(key.slice(0, cut))) {
        const held = tests.get(unit + rest);
        if (held) {
          held[0] += t;
          held[1] += p;
        } else tests.set(unit + rest, [t, p]);
      }
    }
    const cells: Cells = new Map();
    for (const [unit, byDate] of this.leafCases) {
      for (const u of this.chainOf(unit)) {
        for (const [date, cell] of byDate) {
          const target = cellOf(cells, u, date);
          for (let i = 0; i < 8; i++) target[i] += cell[i];
        }
      }
    }
    const cases = new Map<string, number>();
    this.rolled = { cells, cases, tests, clusters: spread(this.leafClusters), sourcePlaces: spread(this.leafPlaces), households: spread(this.leafHouseholds) };
    return this.rolled;
  }

  isEmpty(): boolean {
    return this.units.size === 0;
  }

  /** Non-zero deltas as rows, ready for the store's upsert-and-add. */
  rows(): CubeDeltaRows {
    const out: CubeDeltaRows = { cases: [], tests: [], clusters: [], sourcePlaces: [], households: [] };
    for (const [unit, byDate] of this.rollUp().cells) {
      for (const [date, cell] of byDate) {
        for (let i = 0; i < 8; i++) {
          if (cell[i] !== 0) out.cases.push({ unit, date, setting: SETTINGS[i >> 1] as Setting, sourceKnown: (i & 1) === 1, delta: cell[i] });
        }
      }
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
    this.rolled = null;
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
