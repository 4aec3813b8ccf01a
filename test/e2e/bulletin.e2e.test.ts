import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

/**
 * Community cases through the real intake, graded by the real engine: Tân Định's outbreak ends on
 * 30 June (green on 14 July), Bến Nghé has cases on 14 July, Phường 15 of Bình Thạnh from 10 July.
 */
const CASES: Array<[unit: string, date: string, sourceKnown: boolean, count: number]> = [
  ['26734', '2021-06-30', false, 3],
  ['26737', '2021-07-05', true, 1],
  ['26740', '2021-07-14', false, 6],
  ['26938', '2021-07-10', false, 12],
];

function rows(): RawRow[] {
  const out: RawRow[] = [];
  for (const [unit, date, sourceKnown, count] of CASES)
    for (let k = 0; k < count; k++)
      out.push({ index: out.length, values: { id: `E2E-${unit}-${date}-${k}`, confirmedDate: date, unit, setting: 'community', sourceKnown } });
  return out;
}

/** Issue #20 item 1 in Chromium: /ban-tin lists the days, opens 14/07/2021 in Vietnamese and English; axe clean, 390 px, CSP-clean. */
describe('"Bản tin" page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  // The cases arrive before the 18:00 cut of 14 July; the page is read after it.
  let now = new Date('2021-07-14T10:00:00Z');

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'ban-tin.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite', { now: () => now, simulatedNeighbourhoods: true });
    const answer = await new Intake(server.ctx.store, server.ctx.geography().hierarchy).ingest(
      'cases',
      rows(),
      { actor: 'test', scope: null },
      { channel: 'test', strictFields: true },
    );
    expect(answer.rejected).toEqual([]);
    await server.ctx.risk.idle();
    now = new Date('2021-07-14T12:00:00Z');
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page that records every content-security-policy violation and page error. */
  async function watchedPage(width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.exposeFunction('vxViolation', (v: string) => problems.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { vxViolation(v: string): void }).vxViolation(`${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    return { page, problems };
  }

  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('lists the days, opens 14/07/2021 in Vietnamese with figures linked to their API calls, then another day, then English', async () => {
    const { page, problems } = await watchedPage(1280);
    await page.goto(`${server.url}/ban-tin`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#days a').allTextContents()).toEqual(['14/07/2021', '13/07/2021', '12/07/2021', '11/07/2021', '10/07/2021', '09/07/2021']);
    expect(await page.locator('#days a[aria-current="page"]').textContent()).toBe('14/07/2021');
    expect(await page.locator('#title').textContent()).toBe('Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021');
    expect(await page.locator('#date-line').textContent()).toBe('Thành phố Hồ Chí Minh, ngày 14 tháng 7 năm 2021');
    const body = (await page.locator('#body').textContent())!;
    expect(body).toContain('Bản tin ngày 14/07/2021: Theo bản đồ mức độ nguy cơ COVID-19, toàn Thành phố có');
    expect(body).toContain('Phường Tân Định (Quận 1)');
    expect(body).toContain('chốt lúc 18:00 ngày 14/07/2021');
    expect(body).toContain('Khu phố, ấp');
    // Every figure links to an API call that answers.
    const hrefs = [...new Set(await page.locator('#body a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))];
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) expect((await fetch(server.url + href)).status, href).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'bulletin.png'), fullPage: true });

    await page.click('#days a[data-date="2021-07-13"]');
    await page.waitForFunction(() => document.getElementById('title')?.textContent?.endsWith('13/07/2021'));
    expect(new URL(page.url()).search).toBe('?date=2021-07-13');
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('title')?.textContent?.endsWith('14/07/2021'));

    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#title').textContent()).toBe('COVID-19 green-zone map bulletin, 14/07/2021');
    expect(await page.locator('#body').textContent()).toContain('Bulletin of 14/07/2021: On the COVID-19 risk map,');
    expect(await page.locator('#downloads a').allTextContents()).toEqual(['Markdown (Vietnamese)', 'Markdown (English)', 'Word (DOCX)', 'Figures (JSON)']);
    expect(new URL(page.url()).search).toBe('?date=2021-07-14&lang=en');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'bulletin-en.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works at 390 px, in both languages, axe clean', async () => {
    const { page, problems } = await watchedPage(390);
    await page.goto(`${server.url}/ban-tin.html?date=2021-07-14`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#title').textContent()).toBe('Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'bulletin-phone.png') });
    await page.goto(`${server.url}/ban-tin?date=2021-07-14&lang=en`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("offers the day's images: previews that load, every size downloadable, in the page's language", async () => {
    const { page, problems } = await watchedPage(390);
    await page.goto(`${server.url}/ban-tin?date=2021-07-14`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#images figcaption span').allTextContents()).toEqual([
      'Bản đồ toàn thành phố',
      'Xếp hạng phường, xã, thị trấn (10 đầu)',
      'Tiến độ phong trào',
    ]);
    for (const img of await page.locator('#images img').all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)), { timeout: 30_000 }).toBe(1200);
    }
    const hrefs = await page.locator('#images a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs).toHaveLength(15);
    expect(hrefs[0]).toBe('/api/v1/images/city-map.png?date=2021-07-14&size=og');
    expect(hrefs).toContain('/api/v1/images/progress.pdf?date=2021-07-14&size=a3');
    for (const href of hrefs) {
      const response = await fetch(server.url + href);
      // Read to the end: a body left unread holds its connection open, and the server's close waits on it.
      expect((await response.arrayBuffer()).byteLength, href).toBeGreaterThan(1000);
      expect(response.status, href).toBe(200);
    }
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('.bulletin-images').screenshot({ path: join(shots, 'bulletin-images-phone.png') });
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#images-title').textContent()).toBe('Images for the press and social networks');
    const english = await page.locator('#images a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(english.every((href) => href.endsWith('&lang=en'))).toBe(true);
    expect(await page.locator('#images img').first().getAttribute('alt')).toBe('City map, 14/07/2021');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('announces the Atom feed, which parses as Atom with one entry per day', async () => {
    const { page } = await watchedPage(1280);
    await page.goto(`${server.url}/ban-tin`);
    const feed = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
    expect(feed).toBe('/api/v1/bulletins.atom');
    const parsed = await page.evaluate(async (href) => {
      const xml = new DOMParser().parseFromString(await (await fetch(href)).text(), 'application/xml');
      const ns = 'http://www.w3.org/2005/Atom';
      const entries = [...xml.getElementsByTagNameNS(ns, 'entry')];
      return {
        error: xml.getElementsByTagName('parsererror').length,
        root: xml.documentElement.namespaceURI,
        entries: entries.map((e) =>
          ['id', 'updated', 'title', 'link', 'content'].every((name) => e.getElementsByTagNameNS(ns, name).length > 0)
            ? e.getElementsByTagNameNS(ns, 'title')[0].textContent
            : null,
        ),
      };
    }, feed!);
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe('http://www.w3.org/2005/Atom');
    expect(parsed.entries).toHaveLength(6);
    expect(parsed.entries[0]).toBe('Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021 / COVID-19 green-zone map bulletin, 14/07/2021');
    await page.close();
  });

  // Last: it sends more cases.
  it('reloads the day shown when new cases change its bulletin (the live `bulletin` event)', async () => {
    const { page, problems } = await watchedPage(1280);
    await page.goto(`${server.url}/ban-tin?date=2021-07-14`);
    await page.waitForSelector('body[data-ready="true"]');
    const green = async () =>
      Number((await page.locator('#body table').nth(1).locator('tbody tr').first().locator('td').first().textContent())!.replace(/\./g, ''));
    const before = await green();
    expect(await page.locator('#live').textContent()).toBe('');
    // Xã Thạnh An (Cần Giờ), green until now: an unknown-source case on 14 July.
    const answer = await new Intake(server.ctx.store, server.ctx.geography().hierarchy).ingest(
      'cases',
      [{ index: 0, values: { id: 'E2E-late', confirmedDate: '2021-07-14', unit: '27676', setting: 'community', sourceKnown: false } }],
      { actor: 'test', scope: null },
      { channel: 'test', strictFields: true },
    );
    expect(answer.rejected).toEqual([]);
    await page.waitForFunction(() => (document.getElementById('live')?.textContent ?? '') !== '', undefined, { timeout: 20_000 });
    expect(await page.locator('#live').textContent()).toMatch(/^Bản tin vừa cập nhật theo số liệu mới \(14\/07\/2021 \d{2}:\d{2}\)\.$/);
    expect(await green()).toBeLessThan(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is reached from the map page and the campaign page, whose navigation still fits a phone', async () => {
    const { page } = await watchedPage(390);
    for (const path of ['/', '/campaign.html']) {
      await page.goto(server.url + path, { waitUntil: 'networkidle' });
      await page.screenshot({ path: join(shots, `bulletin-nav${path === '/' ? '-map' : '-campaign'}.png`) });
      // The header, where the new link sits, keeps within the phone's width.
      expect(
        await page.evaluate(() => document.querySelector('header')!.scrollWidth - document.querySelector('header')!.clientWidth),
        path,
      ).toBeLessThanOrEqual(0);
      await page.locator('header nav a[href="/ban-tin"]').click();
      await page.waitForSelector('body[data-ready="true"]');
      expect(new URL(page.url()).pathname, path).toBe('/ban-tin');
    }
    await page.close();
  });
});
