import { addDays } from '../time/local-date.ts';
import { computeStandings, type StandingsInput, type StandingsTable } from './standings.ts';

/**
 * An official cut: the standings of one date, computed from the levels as published at that
 * date's cut instant, then frozen. Ranks move against the previous cut; where the levels the
 * previous cut saw have since been corrected, the row says which dates, so a correction shows
 * (flagged) in the next cut while the frozen one stays as it was.
 */
export function computeOfficialCut(input: Omit<StandingsInput, 'previousRanks'> & { previous: StandingsTable | null }): StandingsTable {
  const { previous } = input;
  const previousRanks = new Map<string, number>();
  for (const row of previous?.rows ?? []) if (row.rank !== null) previousRanks.set(row.unit, row.rank);
  const table = computeStandings({ ...input, previousRanks });
  if (!previous) return table;
  const before = new Map(previous.rows.map((r) => [r.unit, r]));
  for (const row of table.rows) {
    const old = before.get(row.unit);
    if (!old) continue;
    const dates: string[] = [];
    if (old.baseline !== row.baseline) dates.push(baselineDateOf(previous));
    old.levels.forEach((level, i) => {
      if (row.levels[i] !== level) dates.push(dateAt(previous, i));
    });
    if (dates.length) row.corrected = { dates };
  }
  return table;
}

/** The rank each unit held in a cut, for the rank change of later standings. */
export function ranksOf(table: StandingsTable | null): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const row of table?.rows ?? []) if (row.rank !== null) ranks.set(row.unit, row.rank);
  return ranks;
}

// A row's `levels` run over the campaign dates up to the table's date; index i is date - (n-1-i).
function dateAt(table: StandingsTable, index: number): string {
  const n = table.rows[0]?.levels.length ?? 0;
  return addDays(table.date, index - (n - 1));
}

function baselineDateOf(table: StandingsTable): string {
  return addDays(dateAt(table, 0), -1);
}

export interface RankMove {
  unit: string;
  /** Null: unranked (no data) before or after. */
  from: number | null;
  to: number | null;
}

/** Units whose rank differs between two rank maps (a unit missing from one counts as unranked there), by unit code. */
export function rankMoves(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): RankMove[] {
  const units = new Set([...before.keys(), ...after.keys()]);
  return [...units]
    .sort()
    .filter((u) => before.get(u) !== after.get(u))
    .map((unit) => ({ unit, from: before.get(unit) ?? null, to: after.get(unit) ?? null }));
}
