import type { LevelState } from '../campaign/level-history.ts';
import { levelsSource, standingsSource, unitsSource } from './bulletin-sources.ts';

/**
 * The daily press bulletin as figures (issue #20 item 1): how many units of each tier stand at
 * each level, and the change since yesterday and since the campaign began; the units that turned
 * green today; the top of each campaign group; the areas to watch; the official cut's time. Every
 * figure names the API call it is read from, so a journalist (or a test) can check it. Pure: the
 * use case (src/app/bulletin.ts) gathers the levels and standings, this file only counts.
 */

/** A unit as the bulletin names it. */
export interface BulletinUnitRef {
  code: string;
  name: string;
  /** The parent's name ("Quận 1"), or null for a unit without a parent. */
  parentName: string | null;
}

/** One level's count in one tier, with its change; a change is null when the other day has no levels. */
export interface LevelCount {
  level: number;
  count: number;
  previous: number | null;
  baseline: number | null;
  sinceYesterday: number | null;
  sinceStart: number | null;
}

/** One tier of units (districts, wards, khu phố): the units assessed on the date, per level. */
export interface BulletinTier {
  kind: string;
  assessed: number;
  counts: LevelCount[];
  sources: { today: string; previous: string | null; baseline: string | null };
}

/** The units of a tier green today that were not green yesterday. */
export interface TurnedGreen {
  kind: string;
  units: BulletinUnitRef[];
  sources: string[];
}

/** One of a group's leaders, as its standings row reads to the public (cases banded below the ward). */
export interface TopRow extends BulletinUnitRef {
  rank: number;
  level: number | null;
  reduction: number | null;
  daysGreen: number;
  communityCases: number | string;
}

/** The top of one competing group: the official cut's standings when it is due, else the live provisional ones. */
export interface TopGroup {
  group: string;
  official: boolean;
  /** The instant of the official cut (ISO UTC); null for provisional standings. */
  cutAt: string | null;
  ranked: number;
  rows: TopRow[];
  source: string;
}

/** An area (a district) worth the press's attention: its level rose today, or many of its children are at the two worst levels. */
export interface WatchArea extends BulletinUnitRef {
  kind: string;
  level: number | null;
  previousLevel: number | null;
  rose: boolean;
  /** Its children (wards) assessed today, and those at the two worst levels. */
  children: number;
  severeChildren: number;
  childKind: string;
  sources: string[];
}

export interface BulletinCampaign {
  id: string;
  name: string;
  nameEn: string | null;
  firstDate: string;
  lastDate: string;
  cutTime: string;
}

export interface Bulletin {
  date: string;
  /** The day before, when the levels reach it; the "since yesterday" figures compare with it. */
  previousDate: string | null;
  /** The campaign's first date, when the levels reach it; the "since the start" figures compare with it. */
  baselineDate: string | null;
  rulebook: { id: string; version: string };
  states: readonly LevelState[];
  /** When the levels were computed (ISO UTC). */
  computedAt: string;
  /** The data are the demo's simulation: every rendering says so. */
  simulated: boolean;
  /** The khu phố and ấp are the demo's made-up list. */
  simulatedNeighbourhoods: boolean;
  /** The name of the tree's root ("Thành phố Hồ Chí Minh"): the issuing body's place. */
  place: string | null;
  campaign: BulletinCampaign | null;
  /** The official cut the standings come from; null when the date's cut is not due yet (provisional standings) or there is no campaign. */
  cutAt: string | null;
  tiers: BulletinTier[];
  turnedGreen: TurnedGreen[];
  top: TopGroup[];
  watch: WatchArea[];
}

/** What the bulletin reads units from: the tree valid on the date (a Hierarchy fits). */
export interface BulletinTree {
  get(code: string): { code: string; name: string; kind: string; parentCode: string | null } | undefined;
  childrenOf(code: string): readonly { code: string; kind: string }[];
}

export interface TierLevels {
  kind: string;
  today: Readonly<Record<string, number>>;
  previous: Readonly<Record<string, number>> | null;
  baseline: Readonly<Record<string, number>> | null;
}

export interface GroupStandings {
  group: string;
  official: boolean;
  cutAt: string | null;
  ranked: number;
  rows: readonly {
    unit: string;
    name: string;
    parentName?: string | null;
    rank: number | null;
    current: number | null;
    reduction: number | null;
    daysGreen: number;
    communityCases: number | string;
  }[];
}

/** What a bulletin is made from: its own facts as they are, and the levels and standings its figures are counted from. */
export interface BulletinInput extends Omit<Bulletin, 'tiers' | 'turnedGreen' | 'top' | 'watch'> {
  tree: BulletinTree;
  /** Tiers top-down (districts, wards, khu phố); the first is the one areas to watch are chosen from. */
  tiers: readonly TierLevels[];
  standings: readonly GroupStandings[];
}

/** Leaders listed per group. */
export const TOP_ROWS = 3;
/** Areas to watch listed at most. */
export const WATCH_AREAS = 5;

/** The bulletin of a date from its levels and standings. */
export function computeBulletin(input: BulletinInput): Bulletin {
  const { date, previousDate, baselineDate, states, tree } = input;
  const refOf = (code: string): BulletinUnitRef => {
    const unit = tree.get(code);
    return { code, name: unit?.name ?? code, parentName: parentNameOf(tree, unit?.parentCode ?? null) };
  };
  const tiers = input.tiers.map((t): BulletinTier => {
    const today = countLevels(t.today, states.length);
    const previous = t.previous ? countLevels(t.previous, states.length) : null;
    const baseline = t.baseline ? countLevels(t.baseline, states.length) : null;
    return {
      kind: t.kind,
      assessed: today.reduce((a, b) => a + b, 0),
      counts: today.map((count, level) => ({
        level,
        count,
        previous: previous?.[level] ?? null,
        baseline: baseline?.[level] ?? null,
        sinceYesterday: previous ? count - previous[level] : null,
        sinceStart: baseline ? count - baseline[level] : null,
      })),
      sources: {
        today: levelsSource(t.kind, date),
        previous: t.previous && previousDate ? levelsSource(t.kind, previousDate) : null,
        baseline: t.baseline && baselineDate ? levelsSource(t.kind, baselineDate) : null,
      },
    };
  });
  const turnedGreen = input.tiers.flatMap((t): TurnedGreen[] => {
    if (!t.previous || !previousDate) return [];
    const before = t.previous;
    const codes = Object.entries(t.today)
      .filter(([code, level]) => level === 0 && (before[code] ?? 0) > 0)
      .map(([code]) => code)
      .sort();
    return [{ kind: t.kind, units: codes.map(refOf), sources: [levelsSource(t.kind, date), levelsSource(t.kind, previousDate)] }];
  });
  const top = input.standings.map((g): TopGroup => ({
    group: g.group,
    official: g.official,
    cutAt: g.cutAt,
    ranked: g.ranked,
    rows: g.rows
      .filter((r) => r.rank !== null && r.rank <= TOP_ROWS)
      .slice(0, TOP_ROWS)
      .map((r) => ({
        code: r.unit,
        name: r.name,
        parentName: tree.get(r.unit) ? refOf(r.unit).parentName : (r.parentName ?? null),
        rank: r.rank!,
        level: r.current,
        reduction: r.reduction,
        daysGreen: r.daysGreen,
        communityCases: r.communityCases,
      })),
    source: standingsSource(input.campaign?.id ?? '', g.group, date, g.official),
  }));
  return {
    date,
    previousDate,
    baselineDate,
    rulebook: input.rulebook,
    states,
    computedAt: input.computedAt,
    simulated: input.simulated,
    simulatedNeighbourhoods: input.simulatedNeighbourhoods,
    place: input.place,
    campaign: input.campaign,
    cutAt: input.cutAt,
    tiers,
    turnedGreen,
    top,
    watch: watchAreas(input),
  };
}

/** The parent's name, said beside a unit's ("Phường Tân Định (Quận 1)"); none for the city itself, which every unit lies in. */
function parentNameOf(tree: BulletinTree, parentCode: string | null): string | null {
  const parent = parentCode === null ? undefined : tree.get(parentCode);
  return parent && parent.parentCode !== null ? parent.name : null;
}

/** The first of the two worst levels ("orange and red" on the four-colour scale). */
export function severeFrom(states: number): number {
  return Math.max(1, states - 2);
}

function countLevels(levels: Readonly<Record<string, number>>, states: number): number[] {
  const counts = new Array<number>(states).fill(0);
  for (const level of Object.values(levels)) if (level >= 0 && level < states) counts[level]++;
  return counts;
}

/**
 * Areas to watch: those of the top tier whose own level rose since yesterday, then those with the
 * most children at the two worst levels, at most WATCH_AREAS.
 */
function watchAreas(input: BulletinInput): WatchArea[] {
  const [areas, children] = input.tiers;
  if (!areas || !children) return [];
  const { date, previousDate, tree } = input;
  const severe = severeFrom(input.states.length);
  const found: WatchArea[] = [];
  for (const [code, level] of Object.entries(areas.today)) {
    const unit = tree.get(code);
    if (!unit) continue;
    const previousLevel = areas.previous?.[code] ?? null;
    const rose = previousLevel !== null && level > previousLevel;
    const kids = tree.childrenOf(code).filter((c) => c.kind === children.kind && children.today[c.code] !== undefined);
    const severeChildren = kids.filter((c) => children.today[c.code] >= severe).length;
    if (!rose && severeChildren === 0) continue;
    found.push({
      code,
      name: unit.name,
      parentName: parentNameOf(tree, unit.parentCode),
      kind: areas.kind,
      level,
      previousLevel,
      rose,
      children: kids.length,
      severeChildren,
      childKind: children.kind,
      sources: [
        levelsSource(areas.kind, date),
        ...(rose && previousDate ? [levelsSource(areas.kind, previousDate)] : []),
        levelsSource(children.kind, date),
        unitsSource(children.kind, code, date),
      ],
    });
  }
  found.sort(
    (a, b) => Number(b.rose) - Number(a.rose) || b.severeChildren - a.severeChildren || (b.level ?? -1) - (a.level ?? -1) || a.code.localeCompare(b.code),
  );
  return found.slice(0, WATCH_AREAS);
}
