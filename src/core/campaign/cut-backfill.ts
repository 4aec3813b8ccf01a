import type { Explanation } from './explain.ts';
import type { GreenShare, StandingRow, StandingsTable } from './standings.ts';

/** One unit whose place or figures in a cut differ from the same date's standings as known now. */
export interface OvertakenRow {
  unit: string;
  /** Rank in the cut, and rank as known now (null: unranked, no data). */
  rankThen: number | null;
  rankNow: number | null;
  /** Level on the cut's date in the cut, and as known now. */
  levelThen: number | null;
  levelNow: number | null;
}

/** Whether data that arrived after a cut (a backfill) changes what the cut would say if made now. */
export interface CutBackfill {
  detected: boolean;
  unitsChanged: number;
  /** Shown beside the cut when `detected`; empty strings otherwise. */
  message: Explanation;
  /** The units that differ, by unit code. */
  units: OvertakenRow[];
}

/** What the page and the API say of a cut that data arriving after it has overtaken. */
export const BACKFILL_MESSAGE: Explanation = {
  vi: "Dữ liệu của ngày này đến sau giờ chốt: bảng chốt chính thức giữ nguyên; xem bảng 'theo dữ liệu hiện có' bên cạnh.",
  en: "Data for this day arrived after the cut: the official cut stands; see the 'as known now' standings beside it.",
};

/**
 * Compares a frozen cut with the standings of the same group and date recomputed from what is
 * known now. A unit counts as changed when anything the ranking reads moved: its rank, its
 * status, a level on any campaign date up to the cut (a backfill of an earlier date changes the
 * cut's days green too), its baseline, its community cases, or for an aggregate (a district) the
 * green share of its children. Rank changes and explanations are
 * left out: they follow from the rest, and the rank change is measured against another cut.
 * Pure, so the comparison is tested here and the app only fetches the two tables.
 */
export function compareCutWithNow(cut: StandingsTable, now: StandingsTable): CutBackfill {
  if (cut.date !== now.date || cut.group !== now.group) {
    throw new RangeError(`cannot compare the ${cut.group} cut of ${cut.date} with the ${now.group} standings of ${now.date}`);
  }
  const nowByUnit = new Map(now.rows.map((r) => [r.unit, r]));
  const units = new Set([...cut.rows.map((r) => r.unit), ...nowByUnit.keys()]);
  const thenByUnit = new Map(cut.rows.map((r) => [r.unit, r]));
  const changed: OvertakenRow[] = [];
  for (const unit of [...units].sort()) {
    const then = thenByUnit.get(unit);
    const later = nowByUnit.get(unit);
    if (then && later && sameFigures(then, later)) continue;
    changed.push({ unit, rankThen: then?.rank ?? null, rankNow: later?.rank ?? null, levelThen: then?.current ?? null, levelNow: later?.current ?? null });
  }
  const detected = changed.length > 0;
  return { detected, unitsChanged: changed.length, message: detected ? BACKFILL_MESSAGE : { vi: '', en: '' }, units: changed };
}

function sameFigures(a: StandingRow, b: StandingRow): boolean {
  return (
    a.rank === b.rank &&
    a.status === b.status &&
    a.baseline === b.baseline &&
    a.communityCases === b.communityCases &&
    a.levels.length === b.levels.length &&
    a.levels.every((level, i) => level === b.levels[i]) &&
    sameShare(a.greenShare, b.greenShare)
  );
}

// An aggregate's green share reads its children's levels: a child's backfill changes it.
function sameShare(a: GreenShare | null, b: GreenShare | null): boolean {
  if (a === null || b === null) return a === b;
  const same = (x: GreenShare['units'] | null, y: GreenShare['units'] | null) =>
    x === null || y === null ? x === y : x.baseline === y.baseline && x.current === y.current;
  return a.children === b.children && same(a.units, b.units) && same(a.population, b.population);
}
