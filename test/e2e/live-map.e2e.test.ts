import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

/** Cases that give the map a story: wards turn yellow, orange and red, one goes back to green. */
const CASES = [
  // Tân Định: one known-source community case on 1 July → yellow until 14 July, green from 15 July.
  { id: 'E2E-1', version: 1, confirmedDate: '2021-07-01', unit: '26734', setting: 'community', sourceKnown: true },
  // Bến Nghé: a known-source case on 5 July, an unknown-source one on 10 July → orange on 18 July.
  { id: 'E2E-2', version: 1, confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: true },
  { id: 'E2E-3', version: 1, confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false },
  // Cần Thạnh: an unknown-source cluster → red.
  { id: 'E2E-4', version: 1, confirmedDate: '2021-07-12', unit: '27664', setting: 'community', sourceKnown: false, cluster: 'C-E2E' },
  { id: 'E2E-5', version: 1, confirmedDate: '2021-07-13', unit: '27664', setting: 'community', sourceKnown: false, cluster: 'C-E2E' },
  // A quarantine case on the last date, so the data runs to 18 July.
  { id: 'E2E-6', version: 1, confirmedDate: '2021-07-18', unit: '27496', setting: 'quarantine', sourceKnown: true },
];
const LIVE_WARD = '27502'; // Xã An Phú, Củ Chi: green until the test sends it a case

describe('the live risk map in Chromium', () => {
  let server: RunningServer;
  /** The deployment's clock, as an offset from the real one (a new day is a day more). */
  let offset = 0;
  let browser: Browser;
  let token: string;
  let page: Page;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  // The level the map draws a ward in: its feature state once a level has been set live, else the
  // level that came in with its boundary (map-view.ts, LEVEL).
  const levelOf = (code: string) =>
    page.evaluate(async (c) => {
      const map = (window as any).vx.map;
      const state = map.getFeatureState({ source: 'wards', id: c }).level as number | undefined;
      if (state !== undefined) return state;
      const data = await map.getSource('wards').getData();
      return data.features.find((f: any) => f.properties.code === c)?.properties.level as number | undefined;
    }, code);
  const legendCounts = () => page.$$eval('[data-testid^="legend-count-"]', (els) => els.map((e) => e.textContent));
  /** The API paths the page asks for from now on (call the result to stop counting). */
  const recordRequests = () => {
    const paths: string[] = [];
    const record = (request: { url(): string }) => void paths.push(new URL(request.url()).pathname);
    page.on('request', record);
    return () => {
      page.off('request', record);
      return paths.filter((p) => p.startsWith('/api/'));
    };
  };
  /**
   * Waits until the page has taken one more live levels event. A levels request it would make
   * for it starts before that (onLiveLevels counts after fetching); a moment more catches any later one.
   */
  const liveUpdates = () => page.evaluate(() => Number(document.body.dataset.liveUpdates ?? 0));
  const afterLiveUpdate = async (before: number) => {
    await page.waitForFunction((n) => Number(document.body.dataset.liveUpdates ?? 0) > n, before, { timeout: 5_000 });
    await page.waitForTimeout(300);
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // The deployment's clock runs from 18/07/2021 10:00 (local): levels run up to that day.
    offset = Date.parse('2021-07-18T03:00:00Z') - Date.now();
    server = await startServer('sqlite', { now: () => new Date(Date.now() + offset) });
    token = (await createToken(server.ctx.store.db, { label: 'e2e', role: 'data_officer', scope: '79' }, 'test')).token;
    const sent = await post('/api/v1/cases', CASES);
    expect(sent.body).toMatchObject({ accepted: CASES.length, rejected: [] });
    // Bến Nghé's suspected cases, reported with its tests: the panel shows them, no level reads them.
    expect((await post('/api/v1/tests', [{ unit: '26740', date: '2021-07-16', tested: 200, positive: 0, suspected: 17 }])).body).toMatchObject({
      accepted: 1,
    });
    await server.ctx.risk.idle();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('colours the ward layer by level, with the legend counting units per state', async () => {
    expect(await page.textContent('[data-testid="date"]')).toBe('18/07/2021');
    expect(await levelOf('26740')).toBe(2);
    expect(await levelOf('27664')).toBe(3);
    expect(await levelOf('26734')).toBe(0);
    expect(await page.textContent('[data-testid="legend-summary"]')).toMatch(/^Xanh \d+ · Vàng \d+ · Cam \d+ · Đỏ \d+$/);
    await page.screenshot({ path: join(shots, 'map-vi.png') });
  });

  it('shows the map on screen coloured, its first frame drawn only once the map was complete', async () => {
    // MapLibre was kept from drawing the frames with some tiles still missing (one per tile landing)…
    expect(await page.evaluate(() => (window as any).vx.skippedFrames)).toBeGreaterThan(0);
    // …and the complete frame it drew is the one on screen: the city (about a fifth of the map's
    // area at this view) shows in the states' colours, not in the page's grey-green background.
    const shot = PNG.sync.read(await page.locator('#map').screenshot());
    let coloured = 0;
    for (let i = 0; i < shot.data.length; i += 4) {
      const [r, g, b] = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
    }
    expect(coloured / (shot.width * shot.height)).toBeGreaterThan(0.1);
  });

  it('finds "ben nghe" from the keyboard and opens Phường Bến Nghé with its reasons and path to green', async () => {
    await page.click('#search');
    await page.keyboard.type('ben nghe');
    await page.waitForSelector('#search-results li[role="option"]');
    expect(await page.textContent('#search-results li[aria-selected="true"]')).toContain('Phường Bến Nghé');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-details-for="26740"]');
    expect(await page.textContent('[data-testid="details-name"]')).toBe('Phường Bến Nghé');
    expect(await page.textContent('[data-testid="details-state"]')).toContain('Nguy cơ cao');
    const reasons = await page.textContent('[data-testid="details-reasons"]');
    expect(reasons).toContain('chưa rõ nguồn lây');
    expect(await page.textContent('[data-testid="details-path"]')).toMatch(/Sẽ về vùng xanh từ \d\d\/\d\d\/2021/);
    expect(await page.textContent('[data-testid="details-suspected"]')).toContain('Ca nghi nhiễm 14 ngày: 17 (gần nhất 16/07/2021: 17)');
    expect(page.url()).toContain('unit=26740');
    // Outlined on the map, and only it.
    const outlined = () =>
      page.evaluate(() => (window as any).vx.map.queryRenderedFeatures({ layers: ['highlight-selected'] }).map((f: any) => f.properties.code));
    await expect.poll(async () => [...new Set(await outlined())], { timeout: 5_000 }).toEqual(['26740']);
    expect(await page.textContent('[data-testid="details-campaign"]')).toMatch(/Hạng \d+\/\d+ \(18\/07\/2021\)/);
    await page.screenshot({ path: join(shots, 'map-details-ben-nghe.png') });
  });

  it('moves the time slider and the legend counts follow the date', async () => {
    const latest = await legendCounts();
    await page.fill('#slider', '4'); // 5 July: Tân Định yellow, Bến Nghé yellow, no red yet
    await page.dispatchEvent('#slider', 'input');
    await page.waitForSelector('body[data-levels-date="2021-07-05"]');
    expect(await page.textContent('[data-testid="date"]')).toBe('05/07/2021');
    expect(await levelOf('26734')).toBe(1);
    expect(await legendCounts()).not.toEqual(latest);
    await page.fill('#slider', String(await page.getAttribute('#slider', 'max')));
    await page.dispatchEvent('#slider', 'input');
    await page.waitForSelector('body[data-levels-date="2021-07-18"]');
  });

  it('repaints a ward within 2 s of a case sent through the ingest API, without reloading or asking for the levels', async () => {
    expect(await levelOf(LIVE_WARD)).toBe(0);
    const legendBefore = await legendCounts();
    const updates = await liveUpdates();
    const requests = recordRequests();
    const marker = await page.evaluate(() => ((window as any).__noReload = Math.random()));
    const sentAt = Date.now();
    const sent = await post('/api/v1/cases', [
      { id: 'E2E-LIVE', version: 1, confirmedDate: '2021-07-18', unit: LIVE_WARD, setting: 'community', sourceKnown: false },
    ]);
    expect(sent.body.accepted).toBe(1);
    await page.waitForFunction((code) => (window as any).vx.map.getFeatureState({ source: 'wards', id: code }).level === 2, LIVE_WARD, { timeout: 2000 });
    const elapsed = Date.now() - sentAt;
    expect(elapsed).toBeLessThan(2000);
    // The event carried the changed levels: the page applied them, the legend follows, and it
    // asked for no levels (the open details panel reloads its own unit, which is not levels).
    await afterLiveUpdate(updates);
    expect(await legendCounts()).not.toEqual(legendBefore);
    const asked = requests();
    expect(asked.filter((p) => p.startsWith('/api/v1/levels'))).toEqual([]);
    expect(asked.filter((p) => p !== '/api/v1/campaigns' && !p.startsWith('/api/v1/campaigns/') && !p.endsWith('/26740'))).toEqual([]);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(marker);
    // When the news came, with its day, on the deployment's clock (18/07/2021 here).
    const stamp = /Cập nhật (\d\d\/\d\d\/\d{4}) \d\d:\d\d:\d\d$/.exec((await page.textContent('[data-testid="live"]')) ?? '');
    expect(stamp, 'live stamp with a date').not.toBeNull();
    expect(stamp![1]).toBe('18/07/2021');
    // What changed is outlined for a moment (white), beside the selected unit (blue).
    const outlined = () =>
      page.evaluate(async () =>
        ((await (window as any).vx.map.getSource('highlight').getData()).features as any[]).map((f) => `${f.properties.highlight} ${f.properties.code}`).sort(),
      );
    await expect.poll(outlined, { timeout: 2_000 }).toEqual(expect.arrayContaining([`flash ${LIVE_WARD}`, 'selected 26740']));
    await page.screenshot({ path: join(shots, 'map-live-update.png') });
  });

  it('switches every string to English, dates still dd/mm/yyyy', async () => {
    await page.click('#lang');
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('[data-testid="legend-summary"]')).toMatch(/^Green \d+ · Yellow \d+ · Orange \d+ · Red \d+$/);
      expect(await page.textContent('#nav-table')).toBe('Table');
      expect(await page.textContent('[data-testid="date"]')).toBe('18/07/2021');
      // The open panel reloads its unit before it is drawn again in English.
      await expect.poll(() => page.textContent('[data-testid="details-state"]'), { timeout: 5_000 }).toContain('High risk');
      await page.screenshot({ path: join(shots, 'map-en.png') });
    } finally {
      // Back to Vietnamese whatever happened, so the tests after this one read the page they expect.
      await page.click('#lang');
    }
  });

  it('shows the same data as a sortable table', async () => {
    await page.click('#nav-table');
    await page.waitForSelector('[data-testid="table"] tbody tr');
    expect(await page.$$eval('[data-testid="table"] tbody tr', (rows) => rows.length)).toBe(312);
    // Sorted by level, worst first: the red ward leads.
    expect(await page.textContent('[data-testid="table"] tbody tr:first-child td:first-child')).toBe('Thị trấn Cần Thạnh');
    await page.click('th button[data-sort="name"]');
    expect(await page.getAttribute('th:has(button[data-sort="name"])', 'aria-sort')).toBe('ascending');
    await page.screenshot({ path: join(shots, 'table-vi.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('#nav-map');
  });

  it('has no serious or critical accessibility violation on the map page', async () => {
    // The map canvas is drawn by MapLibre; axe checks everything around it.
    expect(await seriousViolations(page, ['#map canvas'])).toEqual([]);
  });

  it('shows districts when zoomed out and wards again when zoomed in, unless a layer is chosen', async () => {
    await page.evaluate(() => (window as any).vx.map.jumpTo({ zoom: 7.5 }));
    await page.waitForSelector('body[data-kind="district"]');
    expect(await page.textContent('[data-testid="legend-summary"]')).toMatch(/^Xanh \d+ · Vàng \d+ · Cam \d+ · Đỏ \d+$/);
    await page.evaluate(() => (window as any).vx.map.jumpTo({ zoom: 10 }));
    await page.waitForSelector('body[data-kind="ward"]');
    await page.selectOption('#kind', 'district');
    await page.evaluate(() => (window as any).vx.map.jumpTo({ zoom: 11 }));
    expect(await page.getAttribute('body', 'data-kind')).toBe('district');
    await page.selectOption('#kind', 'auto');
    await page.waitForSelector('body[data-kind="ward"]');
  });

  it('restores a shared unit URL and works 360 px wide', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await phone.goto(server.url + '/?unit=27664&lang=en');
    await phone.waitForSelector('body[data-details-for="27664"]', { timeout: 20_000 });
    expect(await phone.textContent('[data-testid="details-state"]')).toContain('Very high risk');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // The details come with the levels; the screenshot waits for the coloured map on screen too.
    await phone.waitForSelector('body[data-map-ready="true"]');
    await phone.screenshot({ path: join(shots, 'map-phone.png'), fullPage: true });
    await phone.close();
  });

  it('moves a reader on the latest day to a new day announced live: the slider grows and the map repaints, with no levels request', async () => {
    expect(await page.getAttribute('body', 'data-levels-date')).toBe('2021-07-18');
    const max = Number(await page.getAttribute('#slider', 'max'));
    const updates = await liveUpdates();
    const requests = recordRequests();
    const ward = '26737'; // Phường Đa Kao: an unknown-source case on the new day turns it orange
    // The deployment's day turns to 19/07; the case reported that day is its first data.
    offset += 24 * 3600 * 1000;
    const sent = await post('/api/v1/cases', [
      { id: 'E2E-NEW-DAY', version: 1, confirmedDate: '2021-07-19', unit: ward, setting: 'community', sourceKnown: false },
    ]);
    expect(sent.body.accepted).toBe(1);
    await page.waitForSelector('body[data-levels-date="2021-07-19"]', { timeout: 5_000 });
    await afterLiveUpdate(updates);
    expect(await page.textContent('[data-testid="date"]')).toBe('19/07/2021');
    expect(Number(await page.getAttribute('#slider', 'max'))).toBe(max + 1);
    expect(await page.$eval('#slider', (el) => (el as HTMLInputElement).value)).toBe(String(max + 1));
    expect(await levelOf(ward)).toBe(2);
    expect(requests().filter((p) => p.startsWith('/api/v1/levels'))).toEqual([]);
  });
});
