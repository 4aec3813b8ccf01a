import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SnapshotManifest } from '../../src/cli/snapshot-writer.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { feedPosition } from '../../src/store/change-feed-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCliHere } from '../support/cli.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** Wards in four colours on 18 July (the live map's story: test/e2e/live-map.e2e.test.ts). */
const CASES = [
  { id: 'S-1', version: 1, confirmedDate: '2021-07-05', unit: '26734', setting: 'community', sourceKnown: true },
  { id: 'S-2', version: 1, confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: true },
  { id: 'S-3', version: 1, confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false },
  { id: 'S-4', version: 1, confirmedDate: '2021-07-12', unit: '27664', setting: 'community', sourceKnown: false, cluster: 'C-S' },
  { id: 'S-5', version: 1, confirmedDate: '2021-07-13', unit: '27664', setting: 'community', sourceKnown: false, cluster: 'C-S' },
  { id: 'S-6', version: 1, confirmedDate: '2021-07-18', unit: '27496', setting: 'quarantine', sourceKnown: true },
];
const WARDS = ['26734', '26740', '27664', '27496', '27502', '26737'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * The plainest static server there is: a file for a path, the query ignored, index.html for the
 * root, 404 for anything else. No rewrites, no API: what a CDN or `python -m http.server` does.
 */
function staticServer(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, normalize(path));
    try {
      if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error('not a file');
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    }),
  );
}

describe('a snapshot served by a plain static server, in Chromium', () => {
  let live: RunningServer;
  let site: { url: string; server: Server };
  let out: string;
  let manifest: SnapshotManifest;
  let browser: Browser;
  let livePage: Page;
  let snapshotPage: Page;
  const snapshotRequests: string[] = [];
  const missing: string[] = [];

  const levelOf = (page: Page, code: string) =>
    page.evaluate(async (c) => {
      const map = (window as any).vx.map;
      const state = map.getFeatureState({ source: 'wards', id: c }).level as number | undefined;
      if (state !== undefined) return state;
      const data = await map.getSource('wards').getData();
      return data.features.find((f: any) => f.properties.code === c)?.properties.level as number | undefined;
    }, code);
  const legendCounts = (page: Page) => page.$$eval('[data-testid^="legend-count-"]', (els) => els.map((e) => e.textContent));

  beforeAll(async () => {
    live = await startServer('sqlite', { now: () => new Date('2021-07-18T03:00:00Z') });
    const { token } = await createToken(live.ctx.store.db, { label: 'e2e', role: 'data_officer', scope: '79' }, 'test');
    const sent = await fetch(`${live.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(CASES),
    });
    expect(await sent.json()).toMatchObject({ accepted: CASES.length, rejected: [] });
    await live.ctx.risk.idle();

    out = join(mkdtempSync(join(tmpdir(), 'vx-snapshot-')), 'site');
    const made = await runCliHere('--database', live.ctx.store.location, 'snapshot', '--out', out, '--date', '2021-07-18');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as SnapshotManifest;
    site = await staticServer(out);

    browser = await launchBrowser();
    livePage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await livePage.goto(`${live.url}/`);
    await livePage.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    snapshotPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    snapshotPage.on('request', (request) => void snapshotRequests.push(new URL(request.url()).pathname));
    snapshotPage.on('response', (response) => void (response.status() >= 400 && missing.push(new URL(response.url()).pathname)));
    await snapshotPage.goto(`${site.url}/`);
    await snapshotPage.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    await live?.close();
  });

  it('shows the same coloured map as the live server', async () => {
    const liveLevels = await Promise.all(WARDS.map((code) => levelOf(livePage, code)));
    const snapshotLevels = await Promise.all(WARDS.map((code) => levelOf(snapshotPage, code)));
    expect(new Set(liveLevels).size).toBeGreaterThanOrEqual(3); // a map in several colours, not all green
    expect(snapshotLevels).toEqual(liveLevels);
    expect(await legendCounts(snapshotPage)).toEqual(await legendCounts(livePage));
  });

  it('reads only the snapshot’s files, every one there, and opens no live stream', async () => {
    expect(snapshotRequests.filter((p) => p.includes('/api/v1/stream'))).toEqual([]);
    expect(snapshotRequests.filter((p) => p.startsWith('/api/')).every((p) => p.endsWith('.json'))).toBe(true);
    expect(missing).toEqual([]);
    const stamp = await snapshotPage.textContent('#live');
    expect(stamp).toMatch(/Ảnh chụp ngày 18\/07\/2021/);
  });

  it('opens a ward’s details from the snapshot', async () => {
    await snapshotPage.goto(`${site.url}/?unit=26740`);
    await snapshotPage.waitForSelector('body[data-details-for="26740"]', { timeout: 20_000 });
    expect(missing).toEqual([]);
  });

  it('names its files with their sizes and hashes, and the change-feed position it includes', async () => {
    expect(manifest.date).toBe('2021-07-18');
    expect(manifest.changeFeedPosition).toBe(await feedPosition(live.ctx.store.db));
    expect(manifest.changeFeedPosition).toBeGreaterThan(0);
    const levels = manifest.files.find((f) => f.path === 'api/v1/levels/kind=ward.json');
    const body = readFileSync(join(out, 'api/v1/levels/kind=ward.json'));
    expect(levels).toEqual({ path: 'api/v1/levels/kind=ward.json', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    // The live API's answer (computedAt aside: the snapshot's engine ran when the snapshot was made).
    const { computedAt: _live, ...liveLevels } = await (await fetch(`${live.url}/api/v1/levels?kind=ward`)).json();
    const { computedAt: _kept, ...keptLevels } = JSON.parse(body.toString());
    expect(keptLevels).toEqual(liveLevels);
  });

  it('says in English too which day it holds, and fits a 390 px phone', async () => {
    await snapshotPage.click('#lang');
    expect(await snapshotPage.textContent('#live')).toMatch(/Snapshot of 18\/07\/2021, not live/);
    await snapshotPage.click('#lang');
    await snapshotPage.setViewportSize({ width: 390, height: 800 });
    expect(await snapshotPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await snapshotPage.isVisible('#live')).toBe(true);
  });

  it('passes axe', async () => {
    expect(await seriousViolations(snapshotPage)).toEqual([]);
  });

  it('offers the latest open-data files from the snapshot on the downloads page (no archive: the server makes it)', async () => {
    const before = missing.length;
    await snapshotPage.goto(`${site.url}/du-lieu.html`);
    await snapshotPage.waitForSelector('[data-testid="datasets"] .latest');
    const href = await snapshotPage.getAttribute('#dataset-levels a[data-format="csv"]', 'href');
    expect(href).toBe('/api/v1/open-data/levels/latest.csv');
    const csv = await snapshotPage.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toContain('Phường Bến Nghé');
    expect(await snapshotPage.locator('#date option').count()).toBe(1);
    const dated = await snapshotPage.getAttribute('[data-testid="dated"] li[data-dataset="levels"] a[data-format="csv"]', 'href');
    expect(await snapshotPage.evaluate(async (url) => (await fetch(url!)).text(), dated)).toBe(csv);
    expect(await snapshotPage.isVisible('#archive')).toBe(false);
    expect(missing.slice(before)).toEqual([]);
  });
});
