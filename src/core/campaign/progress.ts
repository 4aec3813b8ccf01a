import { Hierarchy } from '../geo/hierarchy.ts';
import type { Unit } from '../geo/unit.ts';
import type { Campaign } from './campaign.ts';
import { campaignDates } from './campaign-clock.ts';
import type { LevelHistory } from './level-history.ts';

/** One day of the map: how many units (and people) are in each state, and whether the goal holds. */
export interface ProgressDay {
  date: string;
  /** Units per state index, and those without data. */
  units: { byState: number[]; noData: number; total: number };
  /** Population per state index (units without a population count for nothing here). */
  population: { byState: number[]; noData: number; total: number };
  /** Shares (0..1) of units and of population at the goal state or greener. */
  goalShare: { units: number; population: number | null };
  goalMet: boolean;
}

export interface ProgressSeries {
  days: ProgressDay[];
  /** The first date on which the goal held, or null. */
  goalMetOn: string | null;
}

export interface CampaignProgress {
  campaign: string;
  kind: string;
  goal: Campaign['goal'];
  states: LevelHistory['states'];
  citywide: ProgressSeries;
  /** The same series per area (e.g. per district), for the units of `kind` inside it. */
  areas: Array<{ code: string; name: string } & ProgressSeries>;
}

/**
 * Progress of the map over the campaign, for units of one kind (default the goal's kind):
 * citywide and per area of `areaKind` (default `district`), through `until` (default: the last
 * campaign date). The goal is met on a day when the share of units at the goal state or greener
 * reaches the goal's share; units without data count as not meeting it, since the map does not
 * show them green.
 */
export function computeProgress(
  campaign: Campaign,
  units: readonly Unit[] | Hierarchy,
  history: LevelHistory,
  options: { kind?: string; areaKind?: string; until?: string } = {},
): CampaignProgress {
  const hierarchy = units instanceof Hierarchy ? units : new Hierarchy(units);
  const kind = options.kind ?? campaign.goal.kind;
  const areaKind = options.areaKind ?? 'district';
  const dates = campaignDates(campaign).filter((d) => options.until === undefined || d <= options.until);
  const members = [...hierarchy.byCode.values()].filter((u) => u.kind === kind).sort((a, b) => (a.code < b.code ? -1 : 1));
  const byArea = new Map<string, Unit[]>();
  for (const unit of members) {
    const area = hierarchy.ancestorsOf(unit.code).find((a) => a.kind === areaKind);
    if (!area) continue;
    const list = byArea.get(area.code);
    if (list) list.push(unit);
    else byArea.set(area.code, [unit]);
  }
  const states = history.states.length;
  const series = (group: Unit[]): ProgressSeries => {
    const days = dates.map((date) => dayOf(date, group, history, states, campaign.goal));
    return { days, goalMetOn: days.find((d) => d.goalMet)?.date ?? null };
  };
  return {
    campaign: campaign.id,
    kind,
    goal: campaign.goal,
    states: history.states,
    citywide: series(members),
    areas: [...byArea.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, group]) => ({ code, name: hierarchy.get(code)?.name ?? code, ...series(group) })),
  };
}

function dayOf(date: string, group: Unit[], history: LevelHistory, states: number, goal: Campaign['goal']): ProgressDay {
  const units = { byState: new Array<number>(states).fill(0), noData: 0, total: group.length };
  const population = { byState: new Array<number>(states).fill(0), noData: 0, total: 0 };
  let goalUnits = 0;
  let goalPopulation = 0;
  for (const unit of group) {
    const level = history.levelOf(unit.code, date);
    const pop = unit.population ?? 0;
    population.total += pop;
    if (level === null) {
      units.noData++;
      population.noData += pop;
      continue;
    }
    units.byState[level]++;
    population.byState[level] += pop;
    if (level <= goal.state) {
      goalUnits++;
      goalPopulation += pop;
    }
  }
  const share = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 10_000;
  const goalShare = {
    units: group.length ? share(goalUnits, group.length) : 0,
    population: population.total > 0 ? share(goalPopulation, population.total) : null,
  };
  return { date, units, population, goalShare, goalMet: group.length > 0 && goalUnits / group.length >= goal.share };
}
