import type { StandingRow } from './types.ts';

export interface Movers {
  gains: StandingRow[];
  losses: StandingRow[];
}

/**
 * Movers of the day: the biggest rank gains and losses since the previous official cut. Units
 * that did not move, or have no previous rank, are not movers; ties keep the table's order
 * (better rank first), so the list is stable between refreshes.
 */
export function movers(rows: readonly StandingRow[], count = 5): Movers {
  const moved = rows.filter((r) => r.status === 'ranked' && r.rankChange !== null && r.rankChange !== 0);
  const byRank = (a: StandingRow, b: StandingRow) => (a.rank ?? Infinity) - (b.rank ?? Infinity);
  const gains = moved.filter((r) => r.rankChange! > 0).sort((a, b) => b.rankChange! - a.rankChange! || byRank(a, b));
  const losses = moved.filter((r) => r.rankChange! < 0).sort((a, b) => a.rankChange! - b.rankChange! || byRank(a, b));
  return { gains: gains.slice(0, count), losses: losses.slice(0, count) };
}
