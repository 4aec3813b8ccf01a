import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { svgToPng } from '../../src/render/images/rasterise.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const docsShot = join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'verify.png');

/** Issue #20 item 3 in Chromium: /verify reads an uploaded JPEG's QR code and shows the official rendering beside it; vi and en, axe clean, 390 px. */
describe('"Kiểm chứng" (/verify) page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  // A name a press officer might have saved a shared banner under.
  const upload = join(mkdtempSync(join(tmpdir(), 'vx-verify-')), 'banner-tu-mang-xa-hoi.jpg');

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'verify.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite', { now: () => new Date('2021-07-14T12:00:00Z') });
    // A doctored banner as a social network passes it on: the city map's legend counts changed
    // under the same QR code, re-encoded as JPEG at quality 70.
    const svg = await (await fetch(`${server.url}/api/v1/images/city-map.svg?date=2021-07-14`)).text();
    const doctored = svg.replace(
      /(font-weight="bold" fill="[^"]+" text-anchor="end">)(\d+)(<\/text>)/g,
      (_m, a: string, n: string, b: string) => `${a}${n === '0' ? 104 : 0}${b}`,
    );
    expect(doctored).not.toBe(svg);
    const png = PNG.sync.read(await svgToPng(doctored));
    writeFileSync(upload, jpeg.encode({ data: png.data, width: png.width, height: png.height }, 70).data);
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function watchedPage(width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    return { page, problems };
  }
  const loaded = (page: Page, id: string) => page.waitForFunction((i) => (document.getElementById(i) as HTMLImageElement).naturalWidth > 0, id);

  it('verifies an uploaded JPEG: the verdict, the state, both pictures side by side; then in English', async () => {
    const { page, problems } = await watchedPage(1200);
    await page.goto(`${server.url}/verify`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.setInputFiles('#file', upload);
    await page.click('[data-testid="submit"]');
    await page.waitForSelector('.verdict-ok');
    expect(await page.locator('#verdict-text').textContent()).toMatch(/^Chính thức: chữ ký hợp lệ\./);
    expect(await page.locator('#state').textContent()).toMatch(/^bản đồ thành phố, ngày 14\/07\/2021; vị trí dòng thay đổi \d+; khoá [A-Za-z0-9_-]{8}$/);
    await loaded(page, 'yours');
    await loaded(page, 'official');
    const [yours, official] = await Promise.all([page.locator('#yours').boundingBox(), page.locator('#official').boundingBox()]);
    expect(yours!.y).toBe(official!.y);
    expect(official!.x).toBeGreaterThan(yours!.x + yours!.width);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'verify.png'), fullPage: true });
    copyFileSync(join(shots, 'verify.png'), docsShot);

    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#verdict-text').textContent()).toMatch(/^Official: the signature is valid\./);
    expect(await page.locator('#state').textContent()).toMatch(/^city map, 14\/07\/2021; change-feed position \d+; key /);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 390 px: a scanned short URL lands here with its verdict; a forged one is refused; axe clean, no overflow', async () => {
    const { page, problems } = await watchedPage(390);
    const png = await fetch(`${server.url}/api/v1/images/unit-card.png?date=2021-07-14&unit=26740`);
    const shortPath = png.headers.get('x-vungxanh-short-url')!;
    await page.goto(`${server.url}${shortPath}`);
    await page.waitForSelector('.verdict-ok');
    expect(new URL(page.url()).pathname).toBe('/verify');
    expect(await page.locator('#state').textContent()).toMatch(/^thẻ đơn vị, ngày 14\/07\/2021/);
    await loaded(page, 'official');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'verify-phone.png'), fullPage: true });

    const token = shortPath.slice(3);
    const forged = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await page.goto(`${server.url}/verify?t=${forged}&lang=en`);
    await page.waitForSelector('.verdict-refused');
    expect(await page.locator('#verdict-text').textContent()).toMatch(/^Not verified: .*the signature matches none of the published keys/);
    expect(await seriousViolations(page)).toEqual([]);
    // The refusal is the API's problem document, a 422 the console reports: nothing else went wrong.
    expect(problems.filter((p) => !p.includes('422'))).toEqual([]);
    await page.close();
  });
});
