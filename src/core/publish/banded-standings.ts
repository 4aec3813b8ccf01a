import type { ScoringKey } from '../campaign/campaign.ts';
import { type Explained, explainRank } from '../campaign/explain.ts';
import { firstDifference } from '../campaign/scoring.ts';
import type { StandingRow, StandingsTable } from '../campaign/standings.ts';
import { type Audience, banded, bandedRate, bandOf } from './small-numbers.ts';

/** A standings row as published: below the ward, its community cases are a band and its rate a range. */
export type PublicStandingRow = Omit<StandingRow, 'communityCases' | 'casesPer100k'> & {
  communityCases: number | string;
  casesPer100k: number | string | null;
};

/**
 * Standings rows as the audience sees them. Ranks, their order and every level figure stay those
 * computed on exact data; only the displayed cases, cases per 100,000 and the explanation's
 * figures of units below the ward change (docs/small-numbers.md). `table` is the whole table the
 * rows were taken from: each explanation compares a row with the one ranked just above it.
 */
export function publicStandingRows(
  table: StandingsTable,
  rows: readonly StandingRow[],
  scoring: readonly ScoringKey[],
  audience: Audience,
): PublicStandingRow[] {
  if (!rows.some((r) => banded(r.kind, audience))) return [...rows];
  const byUnit = new Map(table.rows.map((r) => [r.unit, r]));
  const position = new Map(table.rows.map((r, i) => [r.unit, i]));
  const per100k = (row: Explained, lang: 'vi' | 'en'): string => {
    const full = byUnit.get(row.unit);
    const shown = full ? publicRate(full, audience) : row.casesPer100k;
    if (shown === null) return lang === 'vi' ? 'không rõ' : 'unknown';
    return typeof shown === 'string' ? shown : new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(shown);
  };
  return rows.map((row) => {
    if (!banded(row.kind, audience)) return row;
    let explanation = row.explanation;
    const i = position.get(row.unit);
    if (row.status === 'ranked' && row.rank !== null && i !== undefined) {
      const above = i > 0 ? table.rows[i - 1] : null;
      explanation = explainRank(table.states, row.rank, table.ranked, row, above, above ? firstDifference(scoring, row, above) : null, per100k);
    }
    return { ...row, communityCases: bandOf(row.communityCases).label, casesPer100k: publicRate(row, audience), explanation };
  });
}

/** A row's cases per 100,000 as shown: exact, or below the ward the range its band of cases allows. */
function publicRate(row: StandingRow, audience: Audience): number | string | null {
  if (!banded(row.kind, audience) || row.casesPer100k === null) return row.casesPer100k;
  return bandedRate(bandOf(row.communityCases), row.population, 100_000);
}
