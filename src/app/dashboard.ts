import type { DashboardDto } from '../contract/dashboard.ts';
import { pathToGreen } from '../core/assess/explain.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { activeCampaign } from '../core/dashboard/active-campaign.ts';
import { closestToGreen } from '../core/dashboard/closest-to-green.ts';
import { levelChange, levelCounts, type UnitLevels, worsened } from '../core/dashboard/level-changes.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import type { Unit } from '../core/geo/unit.ts';
import { addDays } from '../core/time/local-date.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { communityWindow, dailyCases } from '../store/cube-reads.ts';
import { dataFreshness } from '../store/data-freshness.ts';
import { liveStandings } from './campaign-standings.ts';
import type { AppServices } from './services.ts';

/** Days of cases and tests the charts show, ending today. */
const SERIES_DAYS = 60;
/** Units listed as closest to green. */
const CLOSEST = 5;

/**
 * A steering committee's dashboard of one unit (issue #18 item 2): its children's levels today
 * beside yesterday's and the campaign's start, the units that worsened, those closest to green
 * and what holds them, cases and tests over time, data freshness, and its place in the standings.
 * Figures are exact: the route lets only members whose scope holds the unit ask (docs/accounts.md).
 * `within`: the member's scope roots, so breadcrumbs stop at the top of what the member may see.
 */
export async function dashboardOf(app: AppServices, unit: Unit, within: (code: string) => boolean): Promise<DashboardDto> {
  const { engine } = await app.risk.engine();
  const book = engine.rulebook;
  const today = engine.axis.date(engine.asOfIndex);
  const yesterday = addDays(today, -1);
  const tree = app.geography().treeOn(today);
  const campaign = activeCampaign(await listCampaigns(app.store.db), app.now?.() ?? new Date());
  const firstDate = campaign ? campaignDates(campaign)[0] : null;
  const baselineDate = firstDate ? addDays(firstDate, -1) : null;
  const levelOn = (code: string, date: string | null): number | null => (date === null ? null : (engine.levelAt(code, date) ?? null));
  // As campaign standings take it: the level in force the day before the start, else on the first day.
  const baselineOf = (code: string) => levelOn(code, baselineDate) ?? levelOn(code, firstDate);
  const levelsOf = (code: string): UnitLevels => ({ code, today: levelOn(code, today), yesterday: levelOn(code, yesterday), baseline: baselineOf(code) });

  const children = tree.childrenOf(unit.code).filter((c) => engine.isAssessed(c.code));
  const window = await communityWindow(app.store.db, today);
  const childRows = children.map((c) => {
    const levels = levelsOf(c.code);
    const path = pathToGreen(engine, c.code, today);
    return {
      unit: c,
      levels,
      path,
      row: {
        name: c.name,
        kind: c.kind,
        ...levels,
        sinceYesterday: levelChange(levels.today, levels.yesterday),
        sinceStart: levelChange(levels.today, levels.baseline),
        cases14: window[c.code] ?? 0,
        greenOn: path?.date ?? null,
        hasChildren: tree.childrenOf(c.code).length > 0,
      },
    };
  });
  const subtree = descendants(tree, unit.code);
  const below = subtree.filter((u) => engine.isAssessed(u.code));
  const byCode = new Map(below.map((u) => [u.code, u]));
  const own = levelsOf(unit.code);
  const nearest = closestToGreen(
    childRows.filter((c) => c.levels.today !== null).map((c) => ({ code: c.unit.code, level: c.levels.today!, greenOn: c.path?.date ?? null, child: c })),
    CLOSEST,
  );
  const seriesFrom = [addDays(today, -(SERIES_DAYS - 1)), engine.axis.start].reduce((a, b) => (a > b ? a : b));
  const series = await dailyCases(app.store.db, unit.code, seriesFrom, today);
  const freshness = await dataFreshness(app.store.db, unit.code, [unit.code, ...subtree.map((u) => u.code)]);

  return {
    unit: { code: unit.code, name: unit.name, kind: unit.kind, parent: unit.parentCode },
    breadcrumbs: tree
      .ancestorsOf(unit.code)
      .filter((a) => within(a.code))
      .reverse()
      .map((a) => ({ code: a.code, name: a.name, kind: a.kind })),
    date: today,
    yesterday,
    rulebook: { id: book.id, version: book.version },
    states: book.states.map((s) => ({ id: s.id, name: s.name, colour: s.colour })),
    campaign: campaign && firstDate && baselineDate ? { id: campaign.id, name: campaign.name, nameEn: campaign.nameEn, firstDate, baselineDate } : null,
    level: { ...withoutCode(own), sinceYesterday: levelChange(own.today, own.yesterday), sinceStart: levelChange(own.today, own.baseline) },
    counts: levelCounts(
      childRows.map((c) => c.levels),
      book.states.length,
    ),
    children: childRows.map((c) => c.row),
    worsened: worsened(below.map((u) => levelsOf(u.code))).map((w) => {
      const u = byCode.get(w.code)!;
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentName: u.parentCode ? (tree.get(u.parentCode)?.name ?? null) : null,
        yesterday: w.yesterday!,
        today: w.today!,
      };
    }),
    closestToGreen: nearest.map((n) => ({ code: n.code, name: n.child.unit.name, level: n.level, greenOn: n.greenOn, holding: n.child.path?.holding ?? [] })),
    series: series.map((d) => ({ date: d.date, community: d.community, other: d.other, tested: d.tested, positive: d.positive })),
    freshness,
    standing: campaign ? await standingOf(app, campaign, unit) : null,
  };
}

function withoutCode({ today, yesterday, baseline }: UnitLevels) {
  return { today, yesterday, baseline };
}

/** Every unit below `code` in the tree, nearest first. */
function descendants(tree: Hierarchy, code: string): Unit[] {
  const out: Unit[] = [];
  for (let queue = [...tree.childrenOf(code)]; queue.length > 0;) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...tree.childrenOf(next.code));
  }
  return out;
}

/** The unit's row in the active campaign's live standings of its kind; null when its kind does not compete. */
async function standingOf(app: AppServices, campaign: NonNullable<ReturnType<typeof activeCampaign>>, unit: Unit): Promise<DashboardDto['standing']> {
  if (!campaign.groups.includes(unit.kind) || !app.levelHistory) return null;
  const { table } = await liveStandings(app, campaign, app.levelHistory, unit.kind);
  const row = table.rows.find((r) => r.unit === unit.code);
  if (!row) return null;
  return {
    campaign: campaign.id,
    group: unit.kind,
    date: table.date,
    rank: row.rank,
    ranked: table.ranked,
    rankInParent: row.rankInParent,
    inParent: table.rows.filter((r) => r.status === 'ranked' && r.parent === row.parent).length,
    explanation: row.explanation,
  };
}
