import { type Bulletin, type BulletinCampaign, computeBulletin, type GroupStandings, type TierLevels } from '../core/bulletin/bulletin-model.ts';
import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { publicStandingRows } from '../core/publish/banded-standings.ts';
import { PUBLIC } from '../core/publish/small-numbers.ts';
import { addDays, datesBetween } from '../core/time/local-date.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { readDemoState } from '../store/demo-store.ts';
import { liveStandings, officialStandings } from './campaign-standings.ts';
import { levelsValidOn } from './levels-valid-on.ts';
import type { AppServices } from './services.ts';

/**
 * The daily press bulletin (issue #20 item 1, docs/bulletin.md): its figures gathered from the same
 * calls the API answers — the levels (`GET /api/v1/levels`, through levelsValidOn) and the
 * campaign's standings (official at the daily cut once it is due, live before) — then counted and
 * worded by the core. A bulletin exists for each date the levels reach, from the first campaign's
 * first day (or the first date with levels, without a campaign).
 */

/** Rows read from each group's standings: ties can put more than three units in the top three ranks. */
const ROWS_READ = 12;
/** Bulletins kept rendered: the page, the feed and the downloads ask for the same few days. */
const KEPT = 64;

export interface Bulletins {
  /** The dates with a bulletin, newest first. */
  dates(): Promise<string[]>;
  /** The bulletin of a date, or null when the levels do not reach it. */
  on(date: string): Promise<Bulletin | null>;
}

/**
 * The bulletins of an application. A bulletin is computed once per state of the data: the key
 * holds the engine's revision (every recompute) and the change feed's position (every committed
 * write: frozen cuts, corrections, cases the standings count).
 */
export function bulletins(app: AppServices): Bulletins {
  const kept = new Map<string, Bulletin | null>();
  const dates = async (): Promise<string[]> => {
    const { engine } = await app.risk.engine();
    const first = engine.axis.start;
    const last = engine.axis.date(engine.asOfIndex);
    const starts = (await listCampaigns(app.store.db)).map((c) => campaignDates(c)[0]);
    const from = starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : first;
    return from > last ? [] : datesBetween(from < first ? first : from, last).reverse();
  };
  return {
    dates,
    on: async (date) => {
      const { revision } = await app.risk.engine();
      const key = `${date}|${revision}|${app.feed.position}`;
      if (kept.has(key)) return kept.get(key)!;
      const bulletin = (await dates()).includes(date) ? await bulletinOn(app, date) : null;
      if (kept.size >= KEPT) kept.clear();
      kept.set(key, bulletin);
      return bulletin;
    },
  };
}

async function bulletinOn(app: AppServices, date: string): Promise<Bulletin> {
  const { engine, computedAt } = await app.risk.engine();
  const start = engine.axis.start;
  const geo = app.geography();
  const tree = geo.treeOn(date);
  const campaign = campaignOf(await listCampaigns(app.store.db), date);
  const previousDate = addDays(date, -1) >= start ? addDays(date, -1) : null;
  const firstDay = campaign ? campaignDates(campaign)[0] : null;
  const baselineDate = firstDay !== null && firstDay >= start && firstDay <= date ? firstDay : null;
  const levelsOf = async (kind: string, on: string | null) => (on === null ? null : (await levelsValidOn(app, { kind, date: on })).levels);
  const tiers: TierLevels[] = [];
  for (const kind of tierKinds(tree)) {
    const today = await levelsOf(kind, date);
    if (!today || Object.keys(today).length === 0) continue;
    tiers.push({ kind, today, previous: await levelsOf(kind, previousDate), baseline: await levelsOf(kind, baselineDate) });
  }
  const { standings, cutAt } = campaign ? await topOfGroups(app, campaign, date, tiers) : { standings: [], cutAt: null };
  const demo = await readDemoState(app.store.db);
  return computeBulletin({
    date,
    previousDate,
    baselineDate,
    rulebook: { id: engine.rulebook.id, version: engine.rulebook.version },
    states: engine.rulebook.states.map((s) => ({ id: s.id, vi: s.name.vi, en: s.name.en })),
    computedAt,
    simulated: demo.simulated,
    simulatedNeighbourhoods: demo.simulatedNeighbourhoods,
    place: tree.roots()[0]?.name ?? null,
    tree,
    tiers,
    campaign: campaign ? campaignOfBulletin(campaign) : null,
    cutAt,
    standings,
  });
}

/** The campaign running on the date (the latest started, should two overlap), or null. */
export function campaignOf(campaigns: readonly Campaign[], date: string): Campaign | null {
  return campaigns.find((c) => campaignDates(c).includes(date)) ?? null;
}

function campaignOfBulletin(c: Campaign): BulletinCampaign {
  const dates = campaignDates(c);
  return { id: c.id, name: c.name, nameEn: c.nameEn, firstDate: dates[0], lastDate: dates[dates.length - 1], cutTime: c.cutTime };
}

/** The kinds below the root, top-down (district, ward, neighbourhood in 2021 HCMC). */
function tierKinds(tree: Hierarchy): string[] {
  const kinds: string[] = [];
  let level = tree.roots();
  while (level.length) {
    level = level.flatMap((u) => tree.childrenOf(u.code));
    for (const u of level) if (!kinds.includes(u.kind)) kinds.push(u.kind);
  }
  return kinds;
}

/**
 * The top of each group with units assessed on the date: the official cut of the date once it is
 * due, else the live provisional standings; figures below the ward as the public reads them.
 */
async function topOfGroups(
  app: AppServices,
  campaign: Campaign,
  date: string,
  tiers: readonly TierLevels[],
): Promise<{ standings: GroupStandings[]; cutAt: string | null }> {
  const levels = app.levelHistory;
  if (!levels) return { standings: [], cutAt: null };
  const standings: GroupStandings[] = [];
  let cutAt: string | null = null;
  for (const group of campaign.groups) {
    if (!tiers.some((t) => t.kind === group)) continue;
    const official = await officialStandings(app, campaign, levels, group, date);
    const { table } = official ?? (await liveStandings(app, campaign, levels, group, date));
    if (official?.cutAt) cutAt = official.cutAt;
    const rows = publicStandingRows(table, table.rows.slice(0, ROWS_READ), campaign.scoring, PUBLIC);
    standings.push({ group, official: official !== null, cutAt: official?.cutAt ?? null, ranked: table.ranked, rows });
  }
  return { standings, cutAt };
}
