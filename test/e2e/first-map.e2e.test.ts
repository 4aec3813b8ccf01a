import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

describe('first map page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the 22 districts and 312 wards, marks approximate wards, and switches to English', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    await expect.poll(() => page.textContent('[data-testid="counts"]')).toBe('22 quận, huyện · 312 phường, xã, thị trấn');
    const rendered = await page.evaluate(() => {
      const map = (window as any).vxMap;
      const wards = map.querySourceFeatures('wards');
      const codes = new Set(wards.map((f: any) => f.properties.code));
      const approximate = new Set(wards.filter((f: any) => f.properties.approximate).map((f: any) => f.properties.code));
      return { wards: codes.size, approximate: approximate.size, districts: new Set(map.querySourceFeatures('districts').map((f: any) => f.properties.code)).size };
    });
    expect(rendered).toEqual({ wards: 312, approximate: 278, districts: 22 });
    expect(await page.textContent('#approx-note')).toContain('gần đúng');
    await page.screenshot({ path: join(shots, 'first-map-vi.png') });

    // The map must actually be drawn: the screenshot's map area holds the ward fills, not a blank page.
    const shot = PNG.sync.read(await page.locator('#map').screenshot());
    const colours = new Map<string, number>();
    for (let i = 0; i < shot.data.length; i += 4 * 13) {
      const key = `${shot.data[i]},${shot.data[i + 1]},${shot.data[i + 2]}`;
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    expect(colours.get('207,227,212') ?? 0, 'approximate ward fill #cfe3d4').toBeGreaterThan(500);
    expect(colours.get('184,220,194') ?? 0, 'real ward fill #b8dcc2').toBeGreaterThan(100);

    await page.click('#lang');
    await expect.poll(() => page.textContent('[data-testid="counts"]')).toBe('22 districts · 312 wards, communes and towns');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: join(shots, 'first-map-en.png') });
    expect(errors).toEqual([]);
  });

  it('fits a 360 px wide phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'first-map-phone.png') });
  });
});
