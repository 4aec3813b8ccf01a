import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fieldsOf } from '../../src/core/open-data/dictionary.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const docShots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/**
 * Issue #20 item 5 in Chromium: the downloads page (du-lieu.html), reached from the map's nav,
 * lists the datasets with their latest files; a link downloads a CSV with the dictionary's header
 * and the diacritics intact; the date picker offers one date's files; the dictionary table and
 * the licence show; Vietnamese and English; axe clean; 390 px wide with no sideways scroll.
 */
describe('the open data page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'du-lieu.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    mkdirSync(docShots, { recursive: true });
    server = await startServer('sqlite', { now: () => new Date('2021-07-14T05:00:00Z') });
    const { token } = await createToken(server.ctx.store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const cases = [
      { id: 'OD-1', confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false },
      { id: 'OD-2', confirmedDate: '2021-07-11', unit: '26734', setting: 'community', sourceKnown: true },
    ];
    const sent = await server.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: cases });
    expect(sent.json()).toMatchObject({ accepted: 2 });
    for (let i = 0; i < 300; i++) {
      const index = (await server.app.inject({ method: 'GET', url: '/api/v1/open-data' })).json();
      if (index.datasets?.[0]?.last === '2021-07-14') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true })).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is reached from the map, lists the datasets, and a link downloads the latest CSV with its header and diacritics', async () => {
    await page.goto(`${server.url}/`);
    // One more link in the map's nav still fits a phone.
    await page.waitForSelector('#nav-open-data');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'open-data-map-nav-390.png') });
    await page.click('#nav-open-data');
    await page.waitForSelector('[data-testid="datasets"] .latest');
    expect(await page.title()).toBe('Vùng Xanh — Dữ liệu mở');
    expect(await page.textContent('[data-testid="datasets"]')).toContain('Mới nhất (14/07/2021)');

    const link = page.locator('#dataset-levels a[data-format="csv"]');
    expect(await link.getAttribute('href')).toBe('/api/v1/open-data/levels/latest.csv');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('vungxanh-levels-2021-07-14.csv');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toBe(
      fieldsOf('levels')
        .map((f) => f.name)
        .join(','),
    );
    expect(text).toContain('Phường Bến Nghé');
    expect(text).toContain('Nguy cơ');

    // One date's files: the picker shows dd/mm/yyyy and the links follow it.
    expect(await page.locator('#date option').first().textContent()).toBe('14/07/2021');
    await page.selectOption('#date', '2021-07-11');
    expect(await page.getAttribute('[data-testid="dated"] li[data-dataset="daily-counts"] a[data-format="csv"]', 'href')).toBe(
      '/api/v1/open-data/daily-counts/2021-07-11.csv',
    );
    const dailyHeader = await page.evaluate(async () => (await (await fetch('/api/v1/open-data/daily-counts/2021-07-11.csv')).text()).split('\r\n')[0]);
    expect(dailyHeader.replace(/^\uFEFF/, '')).toBe(
      fieldsOf('daily-counts')
        .map((f) => f.name)
        .join(','),
    );

    // The dictionary lists every field; the licence and citation show.
    expect(await page.locator('table.fields[data-dataset="levels"] tbody tr').count()).toBe(fieldsOf('levels').length);
    expect(await page.textContent('[data-testid="licence"]')).toContain('CC BY 4.0');
    expect(await page.textContent('[data-testid="citation"]')).toContain('/du-lieu.html');
    expect(await page.getAttribute('#archive', 'href')).toBe('/api/v1/open-data/archive.zip');

    await page.click('details[data-dataset="daily-counts"] summary');
    expect(await page.isVisible('table.fields[data-dataset="daily-counts"]')).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(docShots, 'open-data-390.png') });
    await page.evaluate(() => document.getElementById('by-date-title')!.scrollIntoView());
    await page.screenshot({ path: join(docShots, 'open-data-date-390.png') });
    await page.evaluate(() => document.querySelector('details[data-dataset="daily-counts"] tbody tr:nth-child(6)')!.scrollIntoView());
    await page.screenshot({ path: join(shots, 'open-data-dictionary-390.png') });
    await page.evaluate(() => document.getElementById('licence-title')!.scrollIntoView());
    await page.screenshot({ path: join(docShots, 'open-data-licence-390.png') });
    await page.screenshot({ path: join(shots, 'open-data-390-full.png'), fullPage: true });
  });

  it('switches to English and back, and keeps the language on the links to other pages', async () => {
    await page.click('#lang');
    expect(await page.textContent('h1')).toContain('Open data');
    expect(await page.textContent('[data-testid="datasets"]')).toContain('Latest (14/07/2021)');
    expect(await page.textContent('[data-testid="dictionary"]')).toContain('Meaning');
    expect(await page.getAttribute('nav a[data-href="/campaign.html"]', 'href')).toBe('/campaign.html?lang=en');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(docShots, 'open-data-en.png') });
    await page.click('#lang');
    expect(await page.textContent('h1')).toContain('Dữ liệu mở');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('is linked from the campaign page', async () => {
    await page.goto(`${server.url}/campaign.html?lang=en`);
    await expect.poll(() => page.getAttribute('#to-open-data', 'href'), { timeout: 15_000 }).toBe('/du-lieu.html?lang=en');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'open-data-campaign-nav-390.png') });
    await page.click('#to-open-data');
    await page.waitForSelector('[data-testid="datasets"] .latest');
    expect(await page.textContent('h1')).toContain('Open data');
  });
});
