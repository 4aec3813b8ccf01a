import { kindWords, placeName } from '../core/bulletin/bulletin-text.ts';
import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { computeProgress } from '../core/campaign/progress.ts';
import type { AreaGeometry } from '../core/geo/geometry.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { bandReasons } from '../core/publish/banded-reasons.ts';
import { publicStandingRows } from '../core/publish/banded-standings.ts';
import { banded, PUBLIC } from '../core/publish/small-numbers.ts';
import type { PublishedState } from '../core/share/published-state.ts';
import { IMAGE_SIZES, type ImageFacts, type ImageLang, type ImageSize } from '../render/images/image-frame.ts';
import type { StateStyle } from '../render/images/level-legend.ts';
import { type MapArea, mapImageSvg } from '../render/images/map-image.ts';
import { progressSvg } from '../render/images/progress-image.ts';
import { posterPdf, svgToPng } from '../render/images/rasterise.ts';
import { STANDINGS_ROWS, standingsSvg } from '../render/images/standings-image.ts';
import { unitCardSvg } from '../render/images/unit-card-image.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { readDemoState } from '../store/demo-store.ts';
import { keepRendering } from '../store/kept-renderings-store.ts';
import { campaignOf } from './bulletin.ts';
import { liveStandings, officialStandings } from './campaign-standings.ts';
import { levelsValidOn } from './levels-valid-on.ts';
import type { AppServices } from './services.ts';
import { fileSignature, shortUrl, stateToken } from './share.ts';

/**
 * Server-rendered images (issue #20 item 2, docs/images.md): the figures of one image gathered from
 * the same reads the API answers (levels, a unit's assessment and path to green, standings,
 * progress), drawn by the SVG builders in src/render/images, rasterised by resvg. Each answer is
 * kept per (image, parameters, state of the data), so a repeated request re-renders nothing.
 */

export const IMAGE_KINDS = ['city-map', 'district-map', 'unit-card', 'standings', 'progress'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
export const IMAGE_FORMATS = ['png', 'svg', 'pdf'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export interface ImageRequest {
  what: ImageKind;
  format: ImageFormat;
  size: ImageSize;
  lang: ImageLang;
  date?: string;
  unit?: string;
  group?: string;
  /**
   * The origin the short URL on the image starts with (docs/verify.md): the image then carries the
   * QR code and text of `/v/{token}`, naming the state it shows, signed. Without it, none.
   */
  origin?: string;
}

export interface RenderedImage {
  body: Buffer;
  /** A file name naming what the image shows, e.g. `ban-do-thanh-pho-2021-07-14-og.png`. */
  filename: string;
  /** The published state the image names in its QR code, and its token (when it carries one). */
  state: PublishedState | null;
  token: string | null;
  /** The file's own signature over its bytes (`keyid=…; sig=…`), when the deployment signs. */
  signature: string | null;
}

/** A request the images cannot answer: the query field at fault, and whether it is malformed (400) or names nothing (404). */
export class ImageRefusal extends Error {
  constructor(
    readonly field: string,
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** Renders kept: a press room asks for the same few images of the day. */
const KEPT = 48;

export interface Images {
  render(request: ImageRequest): Promise<RenderedImage>;
}

/** The images of an application, each rendered once per state of the data (the engine's revision and the change feed's position). */
export function images(app: AppServices): Images {
  const kept = new Map<string, Promise<RenderedImage>>();
  return {
    render: async (request) => {
      const { revision } = await app.risk.engine();
      // The simulated-data flag is not in the feed: it is part of the key itself.
      const { simulated } = await readDemoState(app.store.db);
      const key = JSON.stringify([request, revision, app.feed.position, simulated]);
      let answer = kept.get(key);
      if (!answer) {
        if (kept.size >= KEPT) kept.clear();
        answer = renderImage(app, request, app.feed.position);
        kept.set(key, answer);
        // A refusal is not kept: the data it lacked may arrive.
        answer.catch(() => kept.delete(key));
      }
      return answer;
    },
  };
}

/** The PNG width of a size: the A3 layout rasterised at its poster resolution; the social sizes at their own. */
export function pngWidth(size: ImageSize): number {
  return size === 'a3' ? 2339 : IMAGE_SIZES[size].width;
}

async function renderImage(app: AppServices, request: ImageRequest, position: number): Promise<RenderedImage> {
  const { svg, title, name, state, token } = await imageSvg(app, request, position);
  // Kept before it is answered: whoever scans this image's QR code must find it as drawn.
  if (state) await keepRendering(app.store.db, state, svg, app.now?.() ?? new Date());
  const filename = `${name}-${request.size}.${request.format}`;
  const body =
    request.format === 'svg' ? Buffer.from(svg, 'utf8') : request.format === 'pdf' ? await posterPdf(svg, title) : await svgToPng(svg, pngWidth(request.size));
  return { body, filename, state, token, signature: app.signing ? fileSignature(app.signing, body) : null };
}

/** The SVG of an image, its title (for the PDF's metadata), a file name stem, and the signed state it names. */
export async function imageSvg(
  app: AppServices,
  request: ImageRequest,
  position = app.feed.position,
): Promise<{ svg: string; title: string; name: string; state: PublishedState | null; token: string | null }> {
  const drawn = await drawImage(app, request, position);
  return { ...drawn, state: drawn.state ?? null, token: drawn.token ?? null };
}

async function drawImage(
  app: AppServices,
  request: ImageRequest,
  position: number,
): Promise<{ svg: string; title: string; name: string; state?: PublishedState; token?: string }> {
  const { engine, computedAt } = await app.risk.engine();
  const first = engine.axis.start;
  const last = engine.axis.date(engine.asOfIndex);
  const campaigns = await listCampaigns(app.store.db);
  const date = request.date ?? defaultDate(request.what, campaigns, last);
  if (date < first || date > last) throw new ImageRefusal('date', 404, `levels run from ${first} to ${last}`);
  const states: StateStyle[] = engine.rulebook.states.map((s) => ({ vi: s.name.vi, en: s.name.en, colour: s.colour }));
  const facts: ImageFacts = {
    lang: request.lang,
    size: request.size,
    date,
    dataTime: computedAt,
    rulebook: engine.rulebook.id,
    simulated: (await readDemoState(app.store.db)).simulated,
  };
  // The state this image shows, signed: its short URL goes on the image as a QR code and text.
  let state: PublishedState | undefined;
  let token: string | undefined;
  if (app.signing && request.origin !== undefined) {
    state = { position, what: request.what, size: request.size, lang: request.lang, date, subject: request.unit ?? request.group ?? '' };
    token = stateToken(app.signing, state);
    facts.shareUrl = shortUrl(request.origin, token);
  }
  const signed = { state, token };
  const geo = app.geography();
  const tree = geo.treeOn(date);
  const withGeometry = (code: string): AreaGeometry | null => geo.geometryOf(code);

  switch (request.what) {
    case 'city-map': {
      const root = tree.roots()[0];
      if (!root) throw new ImageRefusal('date', 404, 'no units on this date');
      const kinds = geo.kinds(date);
      // The commune tier (wards) where it has boundaries, else the first tier under the city that has.
      const kind = kinds.includes('ward') ? 'ward' : tierKinds(tree, root.code).find((k) => kinds.includes(k));
      if (!kind) throw new ImageRefusal('date', 404, 'no boundaries on this date');
      const levels = (await levelsValidOn(app, { kind, date })).levels;
      const areas = areasOf(
        [...tree.byCode.values()].filter((u) => u.kind === kind).map((u) => u.code),
        tree,
        levels,
        withGeometry,
      );
      const outlines = kinds.includes('district') && kind !== 'district' ? unitsOfKind(tree, 'district').flatMap((c) => withGeometry(c) ?? []) : [];
      const place = { vi: root.name, en: placeName(root.name, 'en') };
      const svg = mapImageSvg({ facts, place, states, areas, outlines, unitsWord: unitsWord(kind) });
      return { svg, title: `${place[request.lang]} ${date}`, name: `ban-do-thanh-pho-${date}`, ...signed };
    }
    case 'district-map': {
      const unit = unitOf(app, request.unit, date);
      const children = tree.childrenOf(unit.code).filter((c) => withGeometry(c.code) !== null);
      if (children.length === 0) throw new ImageRefusal('unit', 404, `${unit.code} has no units with boundaries under it on ${date}`);
      const kind = children[0].kind;
      const levels = (await levelsValidOn(app, { kind, date })).levels;
      const areas = areasOf(
        children.map((c) => c.code),
        tree,
        levels,
        withGeometry,
      );
      const own = withGeometry(unit.code);
      const svg = mapImageSvg({ facts, place: { vi: unit.name, en: unit.name }, states, areas, outlines: own ? [own] : [], unitsWord: unitsWord(kind) });
      return { svg, title: `${unit.name} ${date}`, name: `ban-do-${unit.code}-${date}`, ...signed };
    }
    case 'unit-card': {
      const unit = unitOf(app, request.unit, date);
      const current = await app.risk.current(unit.code, undefined, date);
      // Below the ward, the public reads banded figures (docs/small-numbers.md).
      const shown = banded(unit.kind, PUBLIC)
        ? (reasons: Parameters<typeof bandReasons>[0]) => bandReasons(reasons, engine.rulebook)
        : (reasons: Parameters<typeof bandReasons>[0]) => [...reasons];
      const parent = unit.parentCode ? geo.hierarchy.get(unit.parentCode) : undefined;
      const svg = unitCardSvg({
        facts,
        states,
        unit: { name: unit.name, parentName: parent?.name ?? null, geometry: withGeometry(unit.code) },
        level: current?.assessment.level ?? null,
        reasons: current ? shown(current.assessment.reasons).map((r) => r.text) : [],
        pathToGreen: current ? { ...current.pathToGreen, holding: shown(current.pathToGreen.holding).map((r) => r.text) } : null,
      });
      return { svg, title: `${unit.name} ${date}`, name: `the-${unit.code}-${date}`, ...signed };
    }
    case 'standings': {
      const campaign = campaignOn(campaigns, date);
      const group = request.group ?? campaign.goal.kind;
      if (!campaign.groups.includes(group)) throw new ImageRefusal('group', 404, `campaign groups: ${campaign.groups.join(', ')}`);
      if (!app.levelHistory) throw new ImageRefusal('date', 404, 'no standings yet');
      const official = await officialStandings(app, campaign, app.levelHistory, group, date);
      const { table } = official ?? (await liveStandings(app, campaign, app.levelHistory, group, date));
      const rows = publicStandingRows(table, table.rows.slice(0, STANDINGS_ROWS), campaign.scoring, PUBLIC);
      const words = kindWords(group);
      const svg = standingsSvg({
        facts: { ...facts, dataTime: official?.cutAt ?? computedAt },
        states,
        campaign: campaignName(campaign),
        group: { vi: words.viTitle, en: words.enTitle },
        official: official !== null,
        rows: rows.map((row) => ({ rank: row.rank, name: row.name, parentName: row.parentName ?? null, current: row.current, daysGreen: row.daysGreen })),
      });
      return { svg, title: `${campaign.name} ${group} ${date}`, name: `xep-hang-${group}-${date}`, ...signed };
    }
    case 'progress': {
      const campaign = campaignOn(campaigns, date);
      if (!app.levelHistory) throw new ImageRefusal('date', 404, 'no progress yet');
      const dates = campaignDates(campaign);
      const progress = computeProgress(campaign, geo.treeOn(dates[0]), await app.levelHistory(campaign.rulebook), { until: date });
      const svg = progressSvg({
        facts,
        states,
        campaign: campaignName(campaign),
        unitsWord: unitsWord(progress.kind),
        dates,
        days: progress.citywide.days.map((d) => ({ date: d.date, byState: d.units.byState, noData: d.units.noData, total: d.units.total })),
        goalShare: campaign.goal.share,
      });
      return { svg, title: `${campaign.name} ${date}`, name: `tien-do-${campaign.id}-${date}`, ...signed };
    }
  }
}

/** Without a date: the latest date with levels; for the campaign's images, clamped into the latest campaign begun by then. */
function defaultDate(what: ImageKind, campaigns: readonly Campaign[], last: string): string {
  if (what !== 'standings' && what !== 'progress') return last;
  const begun = campaigns.map((c) => campaignDates(c)).filter((d) => d[0] <= last);
  if (begun.length === 0) return last;
  const latest = begun.reduce((a, b) => (a[0] > b[0] ? a : b));
  return latest[latest.length - 1] < last ? latest[latest.length - 1] : last;
}

function campaignOn(campaigns: readonly Campaign[], date: string): Campaign {
  const campaign = campaignOf(campaigns, date);
  if (!campaign) throw new ImageRefusal('date', 404, `no campaign runs on ${date}`);
  return campaign;
}

function campaignName(c: Campaign): { vi: string; en: string } {
  return { vi: c.name, en: c.nameEn ?? c.name };
}

function unitOf(app: AppServices, code: string | undefined, date: string) {
  if (code === undefined) throw new ImageRefusal('unit', 400, 'required for this image');
  const geo = app.geography();
  const unit = code.includes('@') ? geo.hierarchy.get(code) : (geo.unitOn(code, date) ?? geo.hierarchy.get(code));
  if (!unit) throw new ImageRefusal('unit', 404, `no unit with code ${code}`);
  return unit;
}

function areasOf(codes: readonly string[], tree: Hierarchy, levels: Record<string, number>, geometryOf: (code: string) => AreaGeometry | null): MapArea[] {
  return codes.flatMap((code) => {
    const geometry = geometryOf(code);
    return geometry ? [{ code, name: tree.get(code)?.name ?? code, geometry, level: levels[code] ?? null }] : [];
  });
}

function unitsOfKind(tree: Hierarchy, kind: string): string[] {
  return [...tree.byCode.values()].filter((u) => u.kind === kind).map((u) => u.code);
}

/** The kinds under a unit, top-down. */
function tierKinds(tree: Hierarchy, root: string): string[] {
  const kinds: string[] = [];
  let level = tree.childrenOf(root);
  while (level.length) {
    for (const u of level) if (!kinds.includes(u.kind)) kinds.push(u.kind);
    level = level.flatMap((u) => tree.childrenOf(u.code));
  }
  return kinds;
}

function unitsWord(kind: string): { vi: string; en: string } {
  const words = kindWords(kind);
  return { vi: words.vi, en: words.enTitle.toLowerCase() };
}
