/**
 * How a committee's units moved: each unit's level today beside yesterday's and the level it
 * started the campaign on, counted per level, and the units that got worse since yesterday. Pure:
 * the dashboard use case (src/app/dashboard.ts) hands in levels it read from the engine.
 */

/** One unit's levels on the three dates a dashboard compares (null: no level that day). */
export interface UnitLevels {
  code: string;
  today: number | null;
  yesterday: number | null;
  /** The level in force when the campaign began (null: no campaign, or no level then). */
  baseline: number | null;
}

/** A change of level: positive is worse (redder), negative better; null when either side is unknown. */
export function levelChange(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before;
}

/** How many units stand at each level (index = level) on each date; units without a level are not counted. */
export interface LevelCounts {
  today: number[];
  yesterday: number[];
  baseline: number[];
}

export function levelCounts(units: readonly UnitLevels[], states: number): LevelCounts {
  const count = (pick: (u: UnitLevels) => number | null) => {
    const out = new Array<number>(states).fill(0);
    for (const u of units) {
      const level = pick(u);
      if (level !== null && level >= 0 && level < states) out[level]++;
    }
    return out;
  };
  return { today: count((u) => u.today), yesterday: count((u) => u.yesterday), baseline: count((u) => u.baseline) };
}

/**
 * Units whose level rose since yesterday, the reddest first, then the biggest rise, then by code
 * (a stable order, so the list does not shuffle between two reads of the same data).
 */
export function worsened<U extends UnitLevels>(units: readonly U[]): U[] {
  return units
    .filter((u) => (levelChange(u.today, u.yesterday) ?? 0) > 0)
    .sort((a, b) => b.today! - a.today! || b.today! - b.yesterday! - (a.today! - a.yesterday!) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
