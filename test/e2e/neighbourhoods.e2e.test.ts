import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

/** Phường Tân Định (Quận 1) and two of its simulated khu phố: one with a case of unknown source (orange), one without (green). */
const WARD = '26734';
const ORANGE_KP = '26734-2';
const GREEN_KP = '26734-4';

/** The khu phố and ấp on the map, in the panel and on the "Thi đua" page, over the demo's simulated list. */
describe('khu phố and ấp in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** API paths the page asked for before it was zoomed in. */
  const asked: string[] = [];

  /** Where a khu phố's centre (the mean of its ring's corners) is on the map, in the map's pixels. */
  const screenPointOf = (code: string): Promise<{ x: number; y: number }> =>
    page.evaluate(async (c) => {
      const map = (window as any).vx.map;
      const data = await map.getSource('neighbourhoods').getData();
      const ring = data.features.find((f: any) => f.properties.code === c).geometry.coordinates[0] as Array<[number, number]>;
      const centre = ring.slice(1).reduce(([x, y], [a, b]) => [x + a / (ring.length - 1), y + b / (ring.length - 1)], [0, 0]);
      return map.project(centre);
    }, code);

  /** The colour that fills most of a small box of the map's pixels around a unit's centre (hatch patterns aside). */
  const colourAt = async (code: string): Promise<[number, number, number]> => {
    const point = await screenPointOf(code);
    const shot = PNG.sync.read(await page.locator('#map').screenshot());
    const counts = new Map<string, number>();
    for (let dy = -6; dy <= 6; dy++) {
      for (let dx = -6; dx <= 6; dx++) {
        const i = (Math.round(point.y + dy) * shot.width + Math.round(point.x + dx)) * 4;
        const key = [shot.data[i], shot.data[i + 1], shot.data[i + 2]].join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const [top] = [...counts].sort((a, b) => b[1] - a[1])[0];
    return top.split(',').map(Number) as [number, number, number];
  };
  /** Which colour family a pixel is in: the states' fills are green, yellow, orange, red. */
  const hue = ([r, g, b]: [number, number, number]) => (r > g && r > b ? 'red-orange' : g > r && g > b ? 'green' : 'other');

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite', { now: () => new Date('2021-07-12T03:00:00Z'), simulatedNeighbourhoods: true });
    let hierarchy = server.ctx.geography().hierarchy;
    for (let i = 0; i < 100 && !hierarchy.get(ORANGE_KP); i++) {
      await new Promise((r) => setTimeout(r, 100));
      hierarchy = server.ctx.geography().hierarchy;
    }
    const rows = [{ index: 0, values: { id: 'NB-1', confirmedDate: '2021-07-10', unit: ORANGE_KP, setting: 'community', sourceKnown: false } }];
    const answer = await new Intake(server.ctx.store, hierarchy).ingest('cases', rows, { actor: 'test', scope: null }, { channel: 'test', strictFields: true });
    expect(answer.rejected).toEqual([]);
    // The engine recomputes from the change feed: wait until the khu phố's level is published.
    for (let i = 0; i < 100; i++) {
      await server.ctx.risk.idle();
      const { levels } = (await (await fetch(`${server.url}/api/v1/levels?kind=neighbourhood`)).json()) as { levels: Record<string, number> };
      if (levels[ORANGE_KP] === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (request) => void asked.push(new URL(request.url()).pathname + new URL(request.url()).search));
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads no khu phố at page load, and offers them as a layer', async () => {
    await page.waitForTimeout(500);
    expect(asked.filter((p) => p.includes('neighbourhood'))).toEqual([]);
    expect(await page.getAttribute('body', 'data-kind')).toBe('ward');
    expect(await page.$eval('#kind option[value="neighbourhood"]', (o) => !(o as HTMLOptionElement).hidden && !(o as HTMLOptionElement).disabled)).toBe(true);
  });

  it('zoomed into a ward, draws its khu phố coloured by level, the ward outlined over them', async () => {
    await page.evaluate(() => (window as any).vx.map.jumpTo({ center: [106.6885, 10.7905], zoom: 15 }));
    await page.waitForSelector('body[data-kind="neighbourhood"]', { timeout: 20_000 });
    // Drawn once MapLibre's worker has cut the new layer's tiles: the next idle after a repaint.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const map = (window as any).vx.map;
          map.once('idle', resolve);
          map.triggerRepaint();
        }),
    );
    expect(asked.some((p) => p.startsWith('/api/v1/geo/neighbourhood.geojson'))).toBe(true);
    const rendered: string[] = await page.evaluate(() =>
      (window as any).vx.map.queryRenderedFeatures({ layers: ['neighbourhood-fill'] }).map((f: any) => f.properties.code as string),
    );
    expect(rendered).toEqual(expect.arrayContaining([ORANGE_KP, GREEN_KP]));
    // Each ward's border is drawn over its khu phố, from the wards' own boundaries.
    const outlined = await page.evaluate(() =>
      (window as any).vx.map.queryRenderedFeatures({ layers: ['neighbourhood-ward-outline'] }).map((f: any) => f.properties.code as string),
    );
    expect(outlined).toContain(WARD);
    expect(rendered.every((code) => code.includes('-'))).toBe(true);
    expect(await page.evaluate((c) => (window as any).vx.map.getFeatureState({ source: 'neighbourhoods', id: c }).level, ORANGE_KP)).toBe(2);
    expect(await page.evaluate((c) => (window as any).vx.map.getFeatureState({ source: 'neighbourhoods', id: c }).level, GREEN_KP)).toBe(0);
    // On screen: the orange one's pixels are orange, the green one's green.
    const orange = await colourAt(ORANGE_KP);
    const green = await colourAt(GREEN_KP);
    expect(hue(orange)).toBe('red-orange');
    expect(orange[1]).toBeGreaterThan(80); // orange, not red
    expect(hue(green)).toBe('green');
    expect(await page.textContent('[data-testid="legend-summary"]')).toMatch(/Xanh \d+ · Vàng \d+ · Cam [1-9]\d* · Đỏ \d+/);
    expect(await page.textContent('#boundary-note')).toContain('Danh sách khu phố, ấp là mô phỏng');
    await page.screenshot({ path: join(shots, 'neighbourhoods-map.png') });
  });

  it('opens a clicked khu phố: full title, reasons, path to green, history, the simulated notice', async () => {
    const point = await screenPointOf(ORANGE_KP);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForSelector(`body[data-details-for="${ORANGE_KP}"]`);
    expect(await page.textContent('[data-testid="details-name"]')).toBe('Khu phố 2, Phường Tân Định, Quận 1');
    expect(await page.textContent('[data-testid="details-simulated"]')).toBe('Danh sách khu phố, ấp là mô phỏng (tên, số lượng, dân số, ranh giới)');
    expect(await page.textContent('[data-testid="details-state"]')).toContain('Nguy cơ cao');
    // The count below the ward is a band, as the API gives it (docs/small-numbers.md).
    expect(await page.textContent('[data-testid="details-reasons"]')).toContain('1–4 ca cộng đồng chưa rõ nguồn lây');
    expect(await page.textContent('[data-testid="details-path"]')).toMatch(/Sẽ về vùng xanh từ \d\d\/\d\d\/2021/);
    expect(await page.locator('#details .strip span').count()).toBeGreaterThan(0);
    expect(page.url()).toContain(`unit=${ORANGE_KP}`);
    // The map canvas is drawn by MapLibre; axe checks everything around it.
    expect(await seriousViolations(page, ['#map canvas'])).toEqual([]);
    await page.screenshot({ path: join(shots, 'neighbourhoods-panel.png') });
  });

  it('lists a ward’s khu phố in its panel, each opening its own', async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(`${server.url}/?unit=${WARD}`);
    await other.waitForSelector(`body[data-details-for="${WARD}"]`, { timeout: 20_000 });
    const listed = await other.$$eval('[data-testid="details-children"] button', (bs) => bs.map((b) => b.textContent));
    expect(listed.slice(0, 3)).toEqual(['Khu phố 1', 'Khu phố 2', 'Khu phố 3']);
    await other.click(`[data-testid="details-children"] button[data-code="${GREEN_KP}"]`);
    await other.waitForSelector(`body[data-details-for="${GREEN_KP}"]`, { timeout: 20_000 });
    expect(await other.textContent('[data-testid="details-name"]')).toBe('Khu phố 4, Phường Tân Định, Quận 1');
    await other.close();
  });

  it('opens one from ?unit=, finds one by search, and lists them in the table', async () => {
    const linked = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await linked.goto(`${server.url}/?unit=${ORANGE_KP}&lang=en`);
    await linked.waitForSelector(`body[data-details-for="${ORANGE_KP}"]`, { timeout: 20_000 });
    expect(await linked.textContent('[data-testid="details-name"]')).toBe('Khu phố 2, Phường Tân Định, Quận 1');
    expect(await linked.textContent('[data-testid="details-simulated"]')).toBe('The neighbourhood list is simulated (names, counts, population, boundaries)');
    await linked.waitForSelector('body[data-kind="neighbourhood"]', { timeout: 10_000 });

    await linked.click('#search');
    await linked.keyboard.type('kp4 tan dinh');
    await linked.waitForSelector('#search-results li[role="option"]:not([aria-disabled])');
    expect(await linked.textContent('#search-results li[aria-selected="true"]')).toBe('Khu phố 4 Phường Tân Định, Quận 1');
    await linked.keyboard.press('Enter');
    await linked.waitForSelector(`body[data-details-for="${GREEN_KP}"]`);

    await linked.goto(`${server.url}/?kind=neighbourhood&view=table`);
    await linked.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    const row = linked.locator(`#table a[data-code="${ORANGE_KP}"]`).locator('xpath=ancestor::tr');
    await row.waitFor({ timeout: 20_000 });
    expect(await linked.textContent('#table-caption')).toContain('Danh sách khu phố, ấp là mô phỏng');
    expect(await row.textContent()).toMatch(/^Khu phố 2Phường Tân Định, Quận 1\s*Nguy cơ cao1–4/);
    await linked.close();
  });

  it('ranks them on the "Thi đua" page, by ward, with the simulated notice', async () => {
    const campaign = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await campaign.goto(server.url + '/campaign.html?group=neighbourhood');
    await campaign.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(await campaign.isVisible('[data-testid="nb-simulated"]')).toBe(true);
    const citywide = await campaign.locator('#standings tbody tr').count();
    expect(citywide).toBeGreaterThan(1000);
    // Rows name their ward; the explanation says why each ranks where it does.
    const orangeRow = campaign.locator(`#standings tbody tr[data-unit="${ORANGE_KP}"]`);
    expect(await orangeRow.locator('td[data-label="Đơn vị"]').textContent()).toBe('Khu phố 2 (Phường Tân Định)');
    expect(await orangeRow.locator('td.why').textContent()).toMatch(/^Hạng \d+\/\d+/);
    await campaign.selectOption('[data-testid="district"]', '760');
    await campaign.waitForSelector('[data-testid="ward"] option[value="26734"]', { state: 'attached' });
    await campaign.selectOption('[data-testid="ward"]', WARD);
    await campaign.waitForFunction(() => document.querySelectorAll('#standings tbody tr').length < 30);
    const parents = await campaign.$$eval('#standings tbody td[data-label="Thuộc"]', (cells) => [...new Set(cells.map((c) => c.textContent))]);
    expect(parents).toEqual(['Phường Tân Định']);
    expect(campaign.url()).toContain('ward=26734');
    expect(await campaign.textContent('#progress-title')).toBe('Tiến độ phủ xanh: Phường Tân Định');
    const csv = (await campaign.getAttribute('[data-testid="csv"]', 'href'))!;
    expect(csv).toContain('parent=26734');
    // The export says the list is simulated on its first line; a ward table's does not (no simulated data besides here).
    expect((await (await fetch(server.url + csv)).text()).split('\n')[0]).toContain('Danh sách khu phố, ấp là mô phỏng');
    expect((await (await fetch(`${server.url}/api/v1/campaigns/hcmc-2021-vung-xanh/standings?group=ward&format=csv`)).text()).split('\n')[0]).not.toContain(
      'mô phỏng',
    );
    expect(await seriousViolations(campaign)).toEqual([]);
    await campaign.screenshot({ path: join(shots, 'neighbourhoods-campaign.png') });
    await campaign.close();
  });

  it('works at 390 px: the khu phố panel and the ward filter fit the phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/?unit=${ORANGE_KP}`);
    await phone.waitForSelector(`body[data-details-for="${ORANGE_KP}"]`, { timeout: 20_000 });
    expect(await phone.textContent('[data-testid="details-name"]')).toBe('Khu phố 2, Phường Tân Định, Quận 1');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(phone, ['#map canvas'])).toEqual([]);
    await phone.goto(`${server.url}/campaign.html?group=neighbourhood&ward=${WARD}`);
    await phone.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(await phone.inputValue('[data-testid="ward"]')).toBe(WARD);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.close();
  });
});
