import { GREEN } from '../campaign/level-history.ts';
import type { StandingRow, StandingsTable } from '../campaign/standings.ts';
import { addDays } from '../time/local-date.ts';
import type { Criterion } from './reward-scheme.ts';

/**
 * A collective's criteria judged against the standings (issue #19 item 2): the facts behind each
 * verdict travel with it, so a candidate list, a nomination and a refusal all show why.
 */
export interface CriterionFacts {
  /** Start of the unit's current unbroken green run. */
  greenSince?: string;
  /** Days of that run, up to the standings date. */
  daysGreen?: number;
  reduction?: number;
  baseline?: number;
  current?: number;
  /** Place by reduction in the group (ties share it). */
  rank?: number;
}

export interface CriterionVerdict {
  met: boolean;
  facts: CriterionFacts;
}

/** The start of a row's current green run (levels run to the table's date); null when not green now. */
export function greenRunStart(row: StandingRow, date: string): string | null {
  const levels = row.levels;
  if (levels.length === 0 || levels[levels.length - 1] !== GREEN) return null;
  let i = levels.length - 1;
  while (i > 0 && levels[i - 1] === GREEN) i--;
  // Green on the first day and at the baseline: the run began before the campaign did.
  return addDays(date, i - (levels.length - 1));
}

/** Competition ranks (1, 2, 2, 4) by reduction among the rows that reduced at all. */
export function reductionRanks(table: StandingsTable): Map<string, number> {
  const reducing = table.rows.filter((r) => r.reduction !== null && r.reduction > 0).sort((a, b) => b.reduction! - a.reduction! || (a.unit < b.unit ? -1 : 1));
  const ranks = new Map<string, number>();
  reducing.forEach((r, i) => {
    const prev = reducing[i - 1];
    ranks.set(r.unit, prev && prev.reduction === r.reduction ? ranks.get(prev.unit)! : i + 1);
  });
  return ranks;
}

/**
 * Whether a row meets a collective criterion on the table's date. `ranks` is `reductionRanks(table)`,
 * computed once per table by the caller. A `described` criterion is for individuals: never met here.
 */
export function judgeCriterion(criterion: Criterion, row: StandingRow, table: StandingsTable, ranks: ReadonlyMap<string, number>): CriterionVerdict {
  const rule = criterion.rule;
  switch (rule.type) {
    case 'reachedGreen': {
      const since = greenRunStart(row, table.date);
      if (since === null) return { met: false, facts: { ...levelFacts(row) } };
      const days = greenRunDays(row);
      const turned = row.baseline !== null && row.baseline !== GREEN;
      return { met: turned && since <= rule.byDate && days >= rule.heldDays, facts: { greenSince: since, daysGreen: days, ...levelFacts(row) } };
    }
    case 'heldGreen':
      return { met: row.heldGreen, facts: { daysGreen: row.daysGreen, ...levelFacts(row) } };
    case 'largestReduction': {
      const rank = ranks.get(row.unit);
      return { met: rank !== undefined && rank <= rule.top, facts: { ...levelFacts(row), ...(rank === undefined ? {} : { rank }) } };
    }
    case 'described':
      return { met: false, facts: {} };
  }
}

/** Days of the current green run, counted back from the table's date. */
function greenRunDays(row: StandingRow): number {
  let days = 0;
  for (let i = row.levels.length - 1; i >= 0 && row.levels[i] === GREEN; i--) days++;
  return days;
}

function levelFacts(row: StandingRow): CriterionFacts {
  return {
    ...(row.baseline === null ? {} : { baseline: row.baseline }),
    ...(row.current === null ? {} : { current: row.current }),
    ...(row.reduction === null ? {} : { reduction: row.reduction }),
  };
}
