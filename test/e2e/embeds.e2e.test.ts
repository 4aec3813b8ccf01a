import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const docShots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/**
 * Issue #20 item 4 in Chromium: a plain HTML page served from another origin (a second server on
 * its own port) embeds /embed/{code} and the frame shows the unit; the same page framing the app
 * itself gets nothing (frame-ancestors 'none'); the snippet generator (nhung.html) writes a snippet
 * that loads in that page; the embeds and the generator are axe clean, fit 300 px, and switch
 * language.
 */
describe('embeds in Chromium', () => {
  let server: RunningServer;
  let host: Server;
  let hostUrl = '';
  /** What the other site's page holds; each test sets its own. */
  let hostBody = '';
  let browser: Browser;
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    mkdirSync(docShots, { recursive: true });
    server = await startServer('sqlite', { now: () => new Date('2021-07-14T05:00:00Z') });
    const { token } = await createToken(server.ctx.store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    // Community cases of unknown source in Tân Định and Bến Nghé raise them above green.
    const cases = [
      ...Array.from({ length: 4 }, (_, i) => ({ id: `TD-${i}`, confirmedDate: '2021-07-11', unit: '26734', setting: 'community', sourceKnown: false })),
      ...Array.from({ length: 12 }, (_, i) => ({ id: `BN-${i}`, confirmedDate: '2021-07-12', unit: '26740', setting: 'community', sourceKnown: false })),
    ];
    const sent = await server.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: cases });
    expect(sent.json()).toMatchObject({ accepted: cases.length });
    const level = async () => (await server.app.inject({ method: 'GET', url: '/api/v1/units/26740' })).json().assessment?.level ?? 0;
    for (let i = 0; i < 300 && (await level()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await server.ctx.risk.idle();
    // The other site: a plain HTML page on another port, which is another origin.
    host = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news site</title></head><body><h1>News</h1>${hostBody}</body></html>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const address = host.address();
    hostUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await server?.close();
  });

  /** The frame of the host page whose URL starts with `url`, once it has loaded. */
  async function frameAt(page: Page, url: string): Promise<Frame> {
    for (let i = 0; i < 100; i++) {
      const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(url));
      if (frame) return frame;
      await page.waitForTimeout(100);
    }
    throw new Error(`no frame at ${url}; frames: ${page.frames().map((f) => f.url())}`);
  }

  it('shows the card inside another site’s page, while the app itself refuses to be framed there', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    hostBody = `<iframe id="embed" src="${server.url}/embed/26740?view=card" width="360" height="300" title="Vùng Xanh — Bến Nghé" loading="lazy"></iframe>
<iframe id="app" src="${server.url}/" width="360" height="300" title="The whole app"></iframe>`;
    await page.goto(hostUrl);
    expect(new URL(page.url()).origin).not.toBe(new URL(server.url).origin);
    const embed = await frameAt(page, `${server.url}/embed/26740`);
    await embed.waitForSelector('.vx-level');
    expect(await embed.textContent('h1')).toContain('Phường Bến Nghé');
    const level = await embed.textContent('.vx-level');
    const unit = (await server.app.inject({ method: 'GET', url: '/api/v1/units/26740' })).json();
    expect(unit.assessment.level).toBeGreaterThan(0);
    expect(level).toContain(unit.assessment.stateName.vi);
    expect(await embed.textContent('.vx-facts')).toContain('14/07/2021');
    // The link leaves the frame for the full map at the unit.
    const link = embed.locator('a[target="_blank"]');
    expect(await link.getAttribute('href')).toBe(`${server.url}/?unit=26740`);
    expect(await link.getAttribute('rel')).toBe('noopener');
    await page.screenshot({ path: join(docShots, 'embed-other-site.png') });

    // The app's frame: the browser refuses it (frame-ancestors 'none'), so none of the app ran in it.
    await page.waitForTimeout(500);
    const appFrame = page.frames().find((f) => f !== page.mainFrame() && !f.url().includes('/embed/'));
    expect(appFrame).toBeDefined();
    const appRan = await appFrame!.evaluate(() => document.querySelector('#map') !== null).catch(() => false);
    expect(appRan).toBe(false);
    expect(violations.join('\n')).toMatch(/frame-ancestors|Refused to display/);
    await page.close();
  });

  it('is axe clean, fits 300 px, and speaks English with lang=en: card and map', async () => {
    const page = await browser.newPage({ viewport: { width: 300, height: 640 } });
    for (const [path, shot] of [
      ['/embed/26740?view=card', 'embed-card.png'],
      ['/embed/760?view=map', 'embed-map.png'],
      ['/embed/760?view=map&lang=en', 'embed-map-en.png'],
      ['/embed/26734?view=map', null],
      ['/embed/0000000', null],
    ] as const) {
      const answer = await page.goto(server.url + path);
      expect(answer?.status(), path).toBe(path.includes('0000000') ? 404 : 200);
      expect(await seriousViolations(page), path).toEqual([]);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      if (shot) await page.screenshot({ path: join(docShots, shot), fullPage: true });
    }
    await page.goto(`${server.url}/embed/760?view=map&lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.vx-legend-title')).toBe('Legend');
    expect(await page.locator('svg.vx-map g[data-code]').count()).toBeGreaterThan(5);
    // Drawn, not only written: the map has a height at 300 px.
    const box = await page.locator('svg.vx-map').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(300);
    expect(box!.height).toBeGreaterThan(200);
    await page.close();
  });

  it('the snippet generator, reached from the map and the campaign page, writes a snippet that loads in another site’s page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/campaign.html`);
    await page.click('#to-embed');
    await page.waitForSelector('#unit option', { state: 'attached' });
    expect(await page.title()).toBe('Vùng Xanh — Nhúng bản đồ');
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Nhúng');
    await page.fill('#search', 'Tân Định');
    await page.waitForFunction(() => [...document.querySelectorAll('#unit option')].some((o) => o.textContent?.startsWith('Phường Tân Định')));
    const value = await page.$eval('#unit', (s) => [...(s as HTMLSelectElement).options].find((o) => o.textContent?.startsWith('Phường Tân Định'))!.value);
    await page.selectOption('#unit', value);
    await page.selectOption('#view', 'map');
    await page.selectOption('#embed-lang', 'en');
    await page.fill('#width', '320');
    await page.dispatchEvent('#width', 'change');
    const snippet = await page.inputValue('#snippet');
    expect(snippet).toBe(
      `<iframe src="${server.url}/embed/26734?view=map&amp;lang=en" width="320" height="560" title="Vùng Xanh — risk level of Phường Tân Định" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    );
    // The live preview is that frame.
    const preview = await frameAt(page, `${server.url}/embed/26734?view=map&lang=en`);
    await preview.waitForSelector('svg.vx-map');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(docShots, 'embed-snippet.png'), fullPage: true });
    // English page, the same controls.
    await page.click('#lang');
    expect(await page.title()).toBe('Vùng Xanh — Embed the map');
    expect(await page.textContent('#snippet-title')).toBe('Embed code');
    expect(await seriousViolations(page)).toEqual([]);

    // Pasted into the other site's page, the snippet loads the unit's map.
    hostBody = snippet;
    const other = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await other.goto(hostUrl);
    const frame = await frameAt(other, `${server.url}/embed/26734`);
    await frame.waitForSelector('svg.vx-map g[data-code="26734"]');
    expect(await frame.textContent('h1')).toContain('Phường Tân Định');
    expect(await frame.getAttribute('html', 'lang')).toBe('en');
    await other.close();

    // From the map: the nav, and the unit's own link in its details panel.
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#nav-embed');
    expect(await page.getAttribute('#nav-embed', 'href')).toBe('/nhung.html');
    await page.goto(`${server.url}/nhung.html?unit=26740`);
    await page.waitForFunction(() => (document.getElementById('snippet') as HTMLTextAreaElement).value.includes('/embed/26740'));
    await page.close();
  });

  it('the map’s details panel links to the generator for the unit', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?unit=26740`);
    await page.waitForSelector('[data-testid="details-embed"]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-testid="details-embed"]', 'href')).toBe('/nhung.html?unit=26740');
    await page.click('[data-testid="details-embed"]');
    await page.waitForFunction(() => (document.getElementById('snippet') as HTMLTextAreaElement).value.includes('/embed/26740'));
    await page.close();
  });
});
