import { datesBetween } from '../time/local-date.ts';

/**
 * The seam between the risk engine and campaign scoring. Scoring never sees the engine: it sees
 * levels per unit per local date, as one view (either "as published at instant T" or "as known
 * now"), plus community case counts. The engine provides a `LevelHistory`; the store provides
 * `CommunityCases` from the cube (cube_cases, setting 'community').
 *
 * What the engine provides (as `ctx.levelHistory`, a `LevelHistoryProvider`):
 * - `levelOf(unit, date)`: the level index of the latest published assessment in force for that
 *   unit on that date (carried forward from its latest published date on or before it) under the
 *   rulebook whose publication instant is at or before `asOf` (every version when `asOf` is
 *   absent), overrides included as the level people saw; null when none was published or the
 *   date lies past the last date published.
 * - `dates`: ascending local dates from the first published one to the last (levels in force); `states`: the rulebook's
 *   ordered states, greenest first; `asOf`: the instant asked for (ISO) or null.
 * - The same `asOf` must always give the same view (published history is append-only); official
 *   cuts rely on it, since a cut frozen late must equal one frozen on time.
 * - After publishing new levels, publish on the bus channel `levels` so live standings update.
 * An engine that keeps (unit, date, level, publishedAt) rows can hand them to
 * `publishedLevelHistory` below.
 */

/** One state of a rulebook's ordered scale; index 0 is the greenest ("new normal" for vn-2686). */
export interface LevelState {
  id: string;
  vi: string;
  en: string;
}

/** The green state: every rulebook orders its states greenest first. */
export const GREEN = 0;

export interface LevelHistory {
  rulebook: string;
  /** Ordered states, greenest first; a level is an index into this list. */
  states: readonly LevelState[];
  /** Local dates (YYYY-MM-DD, ascending) on which at least one level is known in this view. */
  dates: readonly string[];
  /** The instant this view reflects (ISO UTC): levels as published then. Null = as known now. */
  asOf: string | null;
  /** The level of a unit on a local date in this view; null when there is no data. */
  levelOf(unit: string, date: string): number | null;
}

/** Community cases (setting 'community', any source) per unit per local date. */
export interface CommunityCases {
  casesOf(unit: string, date: string): number;
}

/** The states of Decision 2686/QĐ-BCĐQG, for tests and for the default rulebook id `vn-2686`. */
export const VN_2686_STATES: readonly LevelState[] = [
  { id: 'new_normal', vi: 'Bình thường mới', en: 'New normal' },
  { id: 'risk', vi: 'Nguy cơ', en: 'Risk' },
  { id: 'high', vi: 'Nguy cơ cao', en: 'High risk' },
  { id: 'very_high', vi: 'Nguy cơ rất cao', en: 'Very high risk' },
];

/** One published level: what the engine said about a unit's date at an instant. */
export interface PublishedLevel {
  unit: string;
  date: string;
  level: number;
  /** When this value was published (ISO UTC). A later publication of the same unit and date is a correction. */
  publishedAt: string;
}

/** One publication's reach: the last date it assessed (quiet dates carried included), at its publication instant. */
export interface PublishedReach {
  date: string;
  publishedAt: string;
}

/** A history built from publications, which can take later ones without reading the earlier ones again. */
export interface PublishedLevelHistory extends LevelHistory {
  /**
   * This view with `publications` (and `reaches`) appended to the log it was built from (the
   * same cutoff applies): a new view, this one left as it was, since a caller may still be
   * reading it. The live "as known now" view applies each change this way instead of re-reading the table.
   */
  withPublications(publications: readonly PublishedLevel[], reaches?: readonly PublishedReach[]): PublishedLevelHistory;
}

/**
 * A LevelHistory over an append-only list of publications, carried forward (issue 15): a
 * publication holds for its unit from its date until the unit's next published date, so a
 * quiet period needs no row per day. The view as published at `asOf` takes, per unit, the
 * latest value published at or before it of the latest date on or before the one asked;
 * without `asOf` the latest value of all ("as known now"). Levels stop at the reach: the last
 * date any publication in the view assessed (`reaches`), or else its latest published date.
 * This is the semantics the engine's store keeps; it also lets tests and replays build a
 * history from explicit data.
 */
export function publishedLevelHistory(
  rulebook: string,
  states: readonly LevelState[],
  publications: readonly PublishedLevel[],
  asOf?: Date,
  reaches: readonly PublishedReach[] = [],
): PublishedLevelHistory {
  return viewOf(rulebook, states, new Map(), null, publications, reaches, asOf);
}

/** Per unit: the latest value of each published date, and those dates sorted (for "in force on"). */
interface UnitLog {
  byDate: Map<string, { level: number; at: number }>;
  sorted: string[];
}

function viewOf(
  rulebook: string,
  states: readonly LevelState[],
  previous: Map<string, UnitLog>,
  previousReach: string | null,
  publications: readonly PublishedLevel[],
  reaches: readonly PublishedReach[],
  asOf?: Date,
): PublishedLevelHistory {
  const cutoff = asOf?.getTime();
  const logs = new Map(previous);
  const copied = new Set<string>();
  let reach = previousReach;
  const reachTo = (date: string) => {
    if (reach === null || date > reach) reach = date;
  };
  for (const p of publications) {
    if (!Number.isInteger(p.level) || p.level < 0 || p.level >= states.length) {
      throw new RangeError(`level ${p.level} of ${p.unit} on ${p.date} is outside the ${states.length} states of ${rulebook}`);
    }
    const at = Date.parse(p.publishedAt);
    if (cutoff !== undefined && at > cutoff) continue;
    // Copy on write: the view this one extends keeps its own logs.
    let log = logs.get(p.unit);
    if (!log || !copied.has(p.unit)) {
      log = { byDate: new Map(log?.byDate), sorted: [] };
      logs.set(p.unit, log);
      copied.add(p.unit);
    }
    const held = log.byDate.get(p.date);
    // Equal instants: the later entry in the list wins, as an append-only log would have it.
    if (!held || at >= held.at) log.byDate.set(p.date, { level: p.level, at });
    reachTo(p.date);
  }
  for (const r of reaches) if (cutoff === undefined || Date.parse(r.publishedAt) <= cutoff) reachTo(r.date);
  for (const unit of copied) {
    const log = logs.get(unit)!;
    log.sorted = [...log.byDate.keys()].sort();
  }
  let first: string | null = null;
  for (const log of logs.values()) if (log.sorted.length > 0 && (first === null || log.sorted[0] < first)) first = log.sorted[0];
  const last = reach;
  return {
    rulebook,
    states,
    dates: first === null || last === null ? [] : datesBetween(first, last),
    asOf: asOf ? asOf.toISOString() : null,
    levelOf: (unit, date) => {
      const log = logs.get(unit);
      if (!log || last === null || date > last) return null;
      const i = lastAtOrBefore(log.sorted, date);
      return i < 0 ? null : log.byDate.get(log.sorted[i])!.level;
    },
    withPublications: (more, moreReaches = []) => viewOf(rulebook, states, logs, last, more, moreReaches, asOf),
  };
}

/** Index of the last of the sorted dates on or before `date` (-1 when none is). */
function lastAtOrBefore(sorted: readonly string[], date: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Community case counts from explicit cells (the store's loader and tests build it the same way). */
export function communityCasesFrom(cells: Iterable<{ unit: string; date: string; cases: number }>): CommunityCases {
  const byKey = new Map<string, number>();
  for (const c of cells) {
    const key = `${c.unit}\u0000${c.date}`;
    byKey.set(key, (byKey.get(key) ?? 0) + c.cases);
  }
  return { casesOf: (unit, date) => byKey.get(`${unit}\u0000${date}`) ?? 0 };
}

export const NO_CASES: CommunityCases = { casesOf: () => 0 };

/**
 * How adapters obtain levels: the view of one rulebook's levels as published at `asOf`, or as
 * known now when `asOf` is absent. The risk engine implements it; the server takes it from its
 * context, and official cuts call it with each cut instant.
 */
export type LevelHistoryProvider = (rulebook: string, asOf?: Date) => Promise<LevelHistory>;
