import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import type { FastifyInstance } from 'fastify';

import { DICTIONARY } from '../core/open-data/dictionary.ts';
import { snapshotFileOf, snapshotUrlOf } from '../core/publish/snapshot-path.ts';
import { addDays, localDate } from '../core/time/local-date.ts';
import { buildApp, DEFAULT_WEB_ROOT } from '../server/app.ts';
import { feedPosition } from '../store/change-feed-store.ts';
import type { Store } from '../store/database.ts';

/** What the web app reads to know it runs from a snapshot (web/src/snapshot.ts). */
export interface SnapshotConfig {
  date: string;
  madeAt: string;
  changeFeedPosition: number;
}

export interface SnapshotManifest extends SnapshotConfig {
  format: 'vungxanh-snapshot/1';
  /** The API answers kept, by the URL they answer (the file is snapshotFileOf(url)). */
  answers: string[];
  /**
   * The open-data files of the latest published date (docs/open-data.md), by the URL they answer,
   * which is also their path: `/api/v1/open-data/levels/latest.csv` and the same file under its date.
   */
  openData: string[];
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

/** Kinds of unit the snapshot asks the API for; a kind the geography lacks on the date answers 404 and is left out. */
const KINDS = ['city', 'district', 'ward', 'commune', 'neighbourhood'];
/** The kinds the map colours: their levels are kept for every date of the slider. */
const MAP_KINDS = ['ward', 'district'];
/** The unit panel's windows, as the map page asks for them (web/src/main.ts: history 30 days, cases 14). */
const HISTORY_DAYS = 29;
const CASE_DAYS = 13;

export interface SnapshotOptions {
  out: string;
  /** The day the snapshot shows (yyyy-mm-dd); the deployment's clock is set to its noon. Default: today. */
  date?: string;
  /** Whether the built web app (dist/web) is copied beside the answers. */
  withWeb: boolean;
}

/**
 * Writes the public state as static files any web server or CDN can serve: every answer the map
 * page asks for, made by the server itself (the same bytes as the live API), at the paths of
 * snapshot-path.ts, with the web app beside them and a manifest (files, sizes, sha256, when, and
 * the change-feed position the state includes: the id live events carry, so a client can go
 * live from it with Last-Event-ID). A write landing while it runs would mix two states: the
 * feed's position is read before and after, and the snapshot made again if it moved.
 */
export async function writeSnapshot(store: Store, options: SnapshotOptions): Promise<SnapshotManifest> {
  for (let attempt = 0; ; attempt++) {
    const position = await feedPosition(store.db);
    const manifest = await writeOnce(store, options, position);
    if ((await feedPosition(store.db)) === position || attempt === 2) return manifest;
  }
}

async function writeOnce(store: Store, options: SnapshotOptions, position: number): Promise<SnapshotManifest> {
  const noon = options.date === undefined ? undefined : new Date(`${options.date}T12:00:00+07:00`);
  const { app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: noon ? () => noon : undefined });
  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(options.out, { recursive: true });
  const answers: string[] = [];
  try {
    await ctx.risk.idle();
    const date = options.date ?? localDate(new Date());
    /** Keeps the API's answer to `url` when it is a 200; returns its JSON (null otherwise). */
    const keep = async (url: string): Promise<unknown> => {
      const answer = await app.inject({ method: 'GET', url });
      if (answer.statusCode !== 200) return null;
      const file = join(options.out, snapshotFileOf(url));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, answer.rawPayload);
      answers.push(url);
      return answer.json();
    };
    for (const url of ['/api/v1/rulebooks', '/api/v1/status', '/api/v1/campaigns', '/api/v1/risk-factors', '/api/v1/overrides']) await keep(url);
    const dates = ((await keep('/api/v1/levels/dates')) as { dates: string[] } | null)?.dates ?? [];
    for (const kind of KINDS) {
      await keep(`/api/v1/units?kind=${kind}`);
      await keep(`/api/v1/units?kind=${kind}&date=${date}`);
      await keep(`/api/v1/geo/${kind}.geojson`);
      await keep(`/api/v1/geo/${kind}.geojson?date=${date}`);
      await keep(`/api/v1/levels?kind=${kind}`);
    }
    // The slider's every date, so a reader can go back through the month as on the live map.
    for (const day of dates) for (const kind of MAP_KINDS) await keep(`/api/v1/levels?kind=${kind}&date=${day}`);
    await keep(`/api/v1/cases/window?date=${date}`);
    await keep(`/api/v1/cases/window?date=${addDays(date, -1)}`);
    const campaigns =
      ((await app.inject({ method: 'GET', url: '/api/v1/campaigns' })).json() as { campaigns?: Array<{ id: string; groups: string[] }> }).campaigns ?? [];
    // The unit panel: each coloured unit's detail, its month of levels and its fortnight of cases.
    const to = dates.at(-1) ?? date;
    for (const kind of MAP_KINDS) {
      const units =
        ((await app.inject({ method: 'GET', url: `/api/v1/units?kind=${kind}&date=${date}` })).json() as { units?: Array<{ code: string }> }).units ?? [];
      for (const { code } of units) {
        await keep(`/api/v1/units/${encodeURIComponent(code)}`);
        await keep(`/api/v1/assessments/${encodeURIComponent(code)}?from=${addDays(to, -HISTORY_DAYS)}&to=${to}`);
        await keep(`/api/v1/cases/daily/${encodeURIComponent(code)}?from=${addDays(to, -CASE_DAYS)}&to=${to}`);
        // …and its place in each campaign that ranks its kind.
        for (const campaign of campaigns.filter((c) => c.groups.includes(kind)))
          await keep(`/api/v1/campaigns/${encodeURIComponent(campaign.id)}/standings?group=${kind}&unit=${encodeURIComponent(code)}`);
      }
    }
    // The campaigns' public standings and progress.
    for (const campaign of campaigns) {
      const base = `/api/v1/campaigns/${encodeURIComponent(campaign.id)}`;
      await keep(base);
      await keep(`${base}/progress?area=district`);
      for (const group of campaign.groups) await keep(`${base}/standings?group=${encodeURIComponent(group)}`);
    }
    const openData = await keepOpenData(app, options.out);
    await keep('/api/v1/open-data');
    await keep('/api/v1/open-data/dictionary');
    const config: SnapshotConfig = { date, madeAt: new Date().toISOString(), changeFeedPosition: position };
    if (options.withWeb) copyWebApp(DEFAULT_WEB_ROOT, options.out, config);
    const manifest: SnapshotManifest = { format: 'vungxanh-snapshot/1', ...config, answers, openData, files: listFiles(options.out) };
    writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await app.close();
  }
}

/**
 * The open data's latest files, each written at its own URL's path (a static server answers the
 * stable "latest" URL as the API does) and again under its date. A dataset with no published
 * date answers 404 and is left out.
 */
async function keepOpenData(app: FastifyInstance, out: string): Promise<string[]> {
  const kept: string[] = [];
  for (const dataset of DICTIONARY)
    for (const format of dataset.formats) {
      const url = `/api/v1/open-data/${dataset.id}/latest.${format}`;
      const answer = await app.inject({ method: 'GET', url });
      if (answer.statusCode !== 200) continue;
      const dated = String(answer.headers['content-location']);
      for (const path of [url, dated]) {
        const file = join(out, ...path.split('/').filter(Boolean));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, answer.rawPayload);
        kept.push(path);
      }
    }
  return kept;
}

/**
 * The built web app, told it runs from a snapshot: its config.js (which the server makes per
 * request) says so, and the pages' preloads name the snapshot's files, not API URLs with queries.
 */
function copyWebApp(webRoot: string, out: string, config: SnapshotConfig): void {
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no built web app in ${webRoot}: run npm run build first`);
  cpSync(webRoot, out, { recursive: true });
  const basemap = process.env.VX_BASEMAP_STYLE;
  writeFileSync(
    join(out, 'config.js'),
    `window.VX_BASEMAP_STYLE = ${basemap ? JSON.stringify(basemap) : 'undefined'};\nwindow.VX_SNAPSHOT = ${JSON.stringify(config)};\n`,
  );
  for (const page of readdirSync(out).filter((name) => name.endsWith('.html'))) {
    const path = join(out, page);
    const html = readFileSync(path, 'utf8').replace(
      /href="(\/api\/v1\/[^"]*)"/g,
      (_all, url: string) => `href="${snapshotUrlOf(url.replaceAll('&amp;', '&'))}"`,
    );
    writeFileSync(path, html);
    // The page changed: its precompressed copies would send the old one.
    rmSync(`${path}.br`, { force: true });
    rmSync(`${path}.gz`, { force: true });
  }
}

function listFiles(root: string): SnapshotManifest['files'] {
  const files: SnapshotManifest['files'] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        files.push({ path: relative(root, path).split('\\').join('/'), bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      }
    }
  };
  walk(root);
  return files;
}
