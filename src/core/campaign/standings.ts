import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import { addDays } from '../time/local-date.ts';
import type { Campaign } from './campaign.ts';
import { campaignDates, startOfDate } from './campaign-clock.ts';
import { explainNoData, explainRank, type Explanation } from './explain.ts';
import { type CommunityCases, GREEN, type LevelHistory, type LevelState } from './level-history.ts';
import { compareForListing, competitionRanks, firstDifference, type ScoreFigures } from './scoring.ts';

/** Green share of an aggregate unit's children, at the start and now. */
export interface GreenShare {
  children: number;
  units: { baseline: number; current: number; change: number };
  /** Null when no child has a population. */
  population: { baseline: number; current: number; change: number } | null;
}

export interface StandingRow extends ScoreFigures {
  name: string;
  /**
   * The name with its parent's, "Khu phố 4 (Phường Tân Định)", where another unit of the group
   * has the same name: what explanations call the unit. Absent when the name alone is unique
   * (and in cuts frozen before it existed).
   */
  label?: string;
  kind: string;
  parent: string | null;
  /** The parent's name, for tables read without the map (absent in cuts frozen before it existed). */
  parentName?: string | null;
  population: number | null;
  /** `no_data`: no level on the standings date; listed last as "chưa có dữ liệu", never ranked. */
  status: 'ranked' | 'no_data';
  /** Level in force when the campaign began (the day before the start, else the start date). */
  baseline: number | null;
  firstGreenAt: string | null;
  heldGreen: boolean;
  communityCases: number;
  rank: number | null;
  rankInParent: number | null;
  /** Rank at the previous official cut, and the places gained since (positive = moved up). */
  previousRank: number | null;
  rankChange: number | null;
  explanation: Explanation;
  greenShare: GreenShare | null;
  /** Level on each campaign date up to the standings date (null = no data): what corrections are checked against. */
  levels: (number | null)[];
  /** In an official cut: earlier dates whose level was corrected since the previous cut. */
  corrected?: { dates: string[] };
}

export interface StandingsTable {
  campaign: string;
  rulebook: string;
  group: string;
  /** The local date the standings describe. */
  date: string;
  /** The instant of the level view (as published then), or null for "as known now". */
  levelsAsOf: string | null;
  /** The rulebook's ordered states, so a stored table still reads on its own. */
  states: readonly LevelState[];
  ranked: number;
  rows: StandingRow[];
}

export interface StandingsInput {
  campaign: Campaign;
  /** The geography; a Hierarchy is reused when given. */
  units: readonly Unit[] | Hierarchy;
  history: LevelHistory;
  cases: CommunityCases;
  group: string;
  date: string;
  /** Ranks at the previous official cut, by unit code. */
  previousRanks?: ReadonlyMap<string, number>;
}

/**
 * Standings of one competing group on one date: every unit of the group's kind, ranked
 * citywide and within its parent by the campaign's scoring keys, each with a one-line
 * explanation. Pure: the same input always gives the same table, whatever order units come in.
 */
export function computeStandings(input: StandingsInput): StandingsTable {
  const { campaign, history, cases, group, date } = input;
  const hierarchy = input.units instanceof Hierarchy ? input.units : new Hierarchy(input.units);
  const allDates = campaignDates(campaign);
  if (date < allDates[0] || date > allDates[allDates.length - 1]) {
    throw new RangeError(`date ${date} is outside campaign ${campaign.id} (${allDates[0]} to ${allDates[allDates.length - 1]})`);
  }
  const dates = allDates.filter((d) => d <= date);
  const members = [...hierarchy.byCode.values()].filter((u) => u.kind === group);
  const dayBefore = addDays(dates[0], -1);
  const rows = members.map((u) => figuresOf(u, hierarchy, dates, dayBefore, campaign, history, cases));
  labelRepeatedNames(rows);

  const ranked = rows.filter((r) => r.status === 'ranked').sort((a, b) => compareForListing(campaign.scoring, a, b));
  const unranked = rows.filter((r) => r.status === 'no_data').sort((a, b) => (a.unit < b.unit ? -1 : 1));
  const ranks = competitionRanks(ranked, campaign.scoring);
  ranked.forEach((row, i) => {
    row.rank = ranks[i];
    const above = i > 0 ? ranked[i - 1] : null;
    row.explanation = explainRank(history.states, ranks[i], ranked.length, row, above, above ? firstDifference(campaign.scoring, row, above) : null);
    const previous = input.previousRanks?.get(row.unit);
    row.previousRank = previous ?? null;
    row.rankChange = previous === undefined ? null : previous - ranks[i];
  });
  for (const row of unranked) {
    row.explanation = explainNoData();
    row.previousRank = input.previousRanks?.get(row.unit) ?? null;
  }

  const byParent = new Map<string | null, StandingRow[]>();
  for (const row of ranked) {
    const list = byParent.get(row.parent);
    if (list) list.push(row);
    else byParent.set(row.parent, [row]);
  }
  for (const siblings of byParent.values()) {
    const parentRanks = competitionRanks(siblings, campaign.scoring);
    siblings.forEach((row, i) => (row.rankInParent = parentRanks[i]));
  }

  return {
    campaign: campaign.id,
    rulebook: history.rulebook,
    group,
    date,
    levelsAsOf: history.asOf,
    states: history.states,
    ranked: ranked.length,
    rows: [...ranked, ...unranked],
  };
}

/** Rows of a table that lie within `ancestor` (a parent, or any unit above), keeping their citywide ranks. */
export function rowsWithin(table: StandingsTable, hierarchy: Hierarchy, ancestor: string): StandingRow[] {
  return table.rows.filter((r) => r.unit !== ancestor && hierarchy.isWithin(r.unit, ancestor));
}

/**
 * The level in force when the campaign began: the campaign starts at 00:00, when the latest
 * published map is the previous day's; without it, the first campaign date's.
 */
export function baselineOf(history: LevelHistory, unit: string, firstDate: string, dayBefore = addDays(firstDate, -1)): number | null {
  return history.levelOf(unit, dayBefore) ?? history.levelOf(unit, firstDate);
}

function figuresOf(
  unit: Unit,
  hierarchy: Hierarchy,
  dates: string[],
  dayBefore: string,
  campaign: Campaign,
  history: LevelHistory,
  cases: CommunityCases,
): StandingRow {
  const levels = dates.map((d) => history.levelOf(unit.code, d));
  const baseline = baselineOf(history, unit.code, dates[0], dayBefore);
  const current = levels[levels.length - 1];
  let firstGreenDate: string | null = baseline === GREEN ? dates[0] : null;
  let daysGreen = 0;
  levels.forEach((level, i) => {
    if (level !== GREEN) return;
    daysGreen++;
    if (firstGreenDate === null) firstGreenDate = dates[i];
  });
  const communityCases = dates.reduce((sum, d) => sum + cases.casesOf(unit.code, d), 0);
  const casesPer100k = unit.population && unit.population > 0 ? Math.round((communityCases * 100_000 * 100) / unit.population) / 100 : null;
  return {
    unit: unit.code,
    name: unit.name,
    kind: unit.kind,
    parent: unit.parentCode,
    parentName: unit.parentCode === null ? null : (hierarchy.get(unit.parentCode)?.name ?? null),
    population: unit.population,
    status: current === null ? 'no_data' : 'ranked',
    baseline,
    current,
    reduction: baseline !== null && current !== null ? baseline - current : null,
    firstGreenDate,
    firstGreenAt: firstGreenDate === null ? null : firstGreenDate === dates[0] ? campaign.start : startOfDate(firstGreenDate).toISOString(),
    daysGreen,
    heldGreen: baseline === GREEN && levels.every((l) => l === GREEN),
    communityCases,
    casesPer100k,
    rank: null,
    rankInParent: null,
    previousRank: null,
    rankChange: null,
    explanation: { vi: '', en: '' },
    greenShare: greenShareOf(unit, hierarchy, history, dates, dayBefore),
    levels,
  };
}

/** "Khu phố 4" names a unit in dozens of wards, "Phường 1" in a dozen districts: those carry their parent's name. */
function labelRepeatedNames(rows: StandingRow[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.name, (seen.get(row.name) ?? 0) + 1);
  for (const row of rows) if ((seen.get(row.name) ?? 0) > 1 && row.parentName) row.label = `${row.name} (${row.parentName})`;
}

function greenShareOf(unit: Unit, hierarchy: Hierarchy, history: LevelHistory, dates: string[], dayBefore: string): GreenShare | null {
  const children = hierarchy.childrenOf(unit.code);
  if (children.length === 0) return null;
  const last = dates[dates.length - 1];
  let greenAtStart = 0;
  let greenNow = 0;
  let pop = 0;
  let popGreenAtStart = 0;
  let popGreenNow = 0;
  for (const child of children) {
    const atStart = baselineOf(history, child.code, dates[0], dayBefore) === GREEN;
    const now = history.levelOf(child.code, last) === GREEN;
    greenAtStart += atStart ? 1 : 0;
    greenNow += now ? 1 : 0;
    const p = child.population ?? 0;
    pop += p;
    popGreenAtStart += atStart ? p : 0;
    popGreenNow += now ? p : 0;
  }
  const share = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;
  const n = children.length;
  const units = { baseline: share(greenAtStart, n), current: share(greenNow, n), change: share(greenNow - greenAtStart, n) };
  const population =
    pop > 0 ? { baseline: share(popGreenAtStart, pop), current: share(popGreenNow, pop), change: share(popGreenNow - popGreenAtStart, pop) } : null;
  return { children: children.length, units, population };
}
