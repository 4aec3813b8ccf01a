/**
 * The seam between the risk engine and campaign scoring. Scoring never sees the engine: it sees
 * levels per unit per local date, as one view (either "as published at instant T" or "as known
 * now"), plus community case counts. The engine provides a `LevelHistory`; the store provides
 * `CommunityCases` from the cube (cube_cases, setting 'community').
 *
 * What the engine provides (as `ctx.levelHistory`, a `LevelHistoryProvider`):
 * - `levelOf(unit, date)`: the level index of the latest published assessment of that unit and
 *   date under the rulebook whose publication instant is at or before `asOf` (every version when
 *   `asOf` is absent), overrides included as the level people saw; null when none was published.
 * - `dates`: ascending local dates with at least one level in the view; `states`: the rulebook's
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

/** A history built from publications, which can take later ones without reading the earlier ones again. */
export interface PublishedLevelHistory extends LevelHistory {
  /**
   * This view with `publications` appended to the log it was built from (the same cutoff
   * applies): a new view, this one left as it was, since a caller may still be reading it.
   * The live "as known now" view applies each change this way instead of re-reading the table.
   */
  withPublications(publications: readonly PublishedLevel[]): PublishedLevelHistory;
}

/**
 * A LevelHistory over an append-only list of publications: the view as published at `asOf`
 * takes, per unit and date, the latest value published at or before it; without `asOf` the
 * latest value of all ("as known now"). This is the semantics the engine's store keeps; it
 * also lets tests and replays build a history from explicit data.
 */
export function publishedLevelHistory(
  rulebook: string,
  states: readonly LevelState[],
  publications: readonly PublishedLevel[],
  asOf?: Date,
): PublishedLevelHistory {
  return viewOf(rulebook, states, new Map(), new Set(), publications, asOf);
}

function viewOf(
  rulebook: string,
  states: readonly LevelState[],
  latest: Map<string, { level: number; at: number }>,
  dates: Set<string>,
  publications: readonly PublishedLevel[],
  asOf?: Date,
): PublishedLevelHistory {
  const cutoff = asOf?.getTime();
  for (const p of publications) {
    if (!Number.isInteger(p.level) || p.level < 0 || p.level >= states.length) {
      throw new RangeError(`level ${p.level} of ${p.unit} on ${p.date} is outside the ${states.length} states of ${rulebook}`);
    }
    const at = Date.parse(p.publishedAt);
    if (cutoff !== undefined && at > cutoff) continue;
    const key = `${p.unit}\u0000${p.date}`;
    const held = latest.get(key);
    // Equal instants: the later entry in the list wins, as an append-only log would have it.
    if (!held || at >= held.at) latest.set(key, { level: p.level, at });
    dates.add(p.date);
  }
  return {
    rulebook,
    states,
    dates: [...dates].sort(),
    asOf: asOf ? asOf.toISOString() : null,
    levelOf: (unit, date) => latest.get(`${unit}\u0000${date}`)?.level ?? null,
    withPublications: (more) => viewOf(rulebook, states, new Map(latest), new Set(dates), more, asOf),
  };
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
