import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const DATE = '2025-08-01';
/** Phường Tân Định of 2025 (the code Phường Đa Kao held in 2021). */
const COMMUNE = '26737@2025-07-01';

/**
 * Issue 15: the map on a date of the 2025 tree (`geo import --hcmc-2025` beside the 2021 one):
 * 168 communes under the city, no districts, no commune boundaries, no population; only the
 * city's outline can be drawn.
 */
describe('the map on a 2025 date in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  /** What went wrong while a page loaded: HTTP errors and console errors. */
  const trouble: string[] = [];
  const requested: string[] = [];

  const open = async (query: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on('response', (r) => {
      if (r.status() >= 400) trouble.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') trouble.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => void requested.push(r.url()));
    await page.goto(`${server.url}/${query}`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    return page;
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // The deployment's clock on 05/08/2025 (local): levels run up to that day.
    const offset = Date.parse('2025-08-05T03:00:00Z') - Date.now();
    server = await startServer('sqlite', { now: () => new Date(Date.now() + offset), hcmc2025: true });
    const { token } = await createToken(server.ctx.store.db, { label: 'e2e', role: 'data_officer', scope: '79' }, 'test');
    const response = await fetch(`${server.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ id: 'E2E-2025', version: 1, confirmedDate: DATE, unit: COMMUNE, setting: 'community', sourceKnown: false }]),
    });
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: [] });
    await server.ctx.risk.idle();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the city outline, says the communes have no boundaries, and shows no 0% population share', async () => {
    trouble.length = 0;
    requested.length = 0;
    const page = await open(`?date=${DATE}`);
    expect(await page.textContent('[data-testid="date"]')).toBe('01/08/2025');
    // No district tier that day: the automatic layer is the communes.
    expect(await page.getAttribute('body', 'data-kind')).toBe('ward');
    const outline = await page.evaluate(async () => (await (window as any).vx.map.getSource('city').getData()).features.length);
    expect(outline).toBe(1);
    expect(await page.textContent('#boundary-note')).toBe('168 phường, xã của ngày này chưa có ranh giới trên bản đồ; xem Bảng số liệu.');
    const counts = await page.$$eval('[data-testid^="legend-count-"]', (els) => els.map((e) => e.textContent ?? ''));
    expect(counts.join(' | ')).not.toContain('%');
    expect(counts[0]).toContain('dân số chưa rõ');
    expect(await page.textContent('[data-testid="legend-summary"]')).toMatch(/^Xanh 167 · Vàng 0 · Cam 1 · Đỏ 0$/);
    await page.screenshot({ path: join(shots, 'map-2025.png') });
    await page.click('#lang');
    expect(await page.textContent('#boundary-note')).toBe('The 168 wards and communes of this date have no boundaries on the map; see the table.');
    await page.click('#lang');
    // Only the layers that exist that day, each asked for that day.
    const layers = requested.filter((u) => new URL(u).pathname.startsWith('/api/v1/geo/') || new URL(u).pathname === '/api/v1/units');
    expect(layers.map((u) => new URL(u).pathname).sort()).toEqual(['/api/v1/geo/city.geojson', '/api/v1/units', '/api/v1/units']);
    expect(layers.every((u) => new URL(u).searchParams.get('date') === DATE)).toBe(true);
    expect(await seriousViolations(page, ['#map canvas'])).toEqual([]);
    expect(trouble).toEqual([]);
    await page.close();
  });

  it('lists the 168 communes in the table by default, and a commune’s panel asks for nothing it cannot have', async () => {
    trouble.length = 0;
    const page = await open(`?date=${DATE}&view=table&unit=26737`);
    await page.waitForSelector('body[data-details-for="26737@2025-07-01"]');
    await page.waitForSelector('[data-testid="table"] tbody tr');
    expect(await page.$$eval('[data-testid="table"] tbody tr', (rows) => rows.length)).toBe(168);
    expect(await page.textContent('[data-testid="details-name"]')).toBe('Phường Tân Định');
    expect(await page.textContent('[data-testid="legend-summary"]')).toBe('Xanh 167 · Vàng 0 · Cam 1 · Đỏ 0');
    await page.screenshot({ path: join(shots, 'table-2025.png') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(trouble).toEqual([]);
    await page.close();
  });

  it('says in both languages that there are no districts when they are chosen by hand', async () => {
    const page = await open(`?date=${DATE}&view=table&kind=district`);
    expect(await page.isVisible('[data-testid="table"]')).toBe(false);
    expect(await page.textContent('[data-testid="table-empty"]')).toBe(
      'Ngày 01/08/2025 không có đơn vị nào ở cấp “Quận, huyện”. Chọn cấp khác ở mục “Cấp hiển thị”.',
    );
    await page.click('#lang');
    expect(await page.textContent('[data-testid="table-empty"]')).toBe(
      'There are no units at the level “Districts” on 01/08/2025. Choose another level under “Show”.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('works 360 px wide', async () => {
    const phone = await open(`?date=${DATE}&lang=en`, { width: 360, height: 740 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await phone.textContent('#boundary-note')).toContain('have no boundaries on the map');
    await phone.screenshot({ path: join(shots, 'map-2025-phone.png'), fullPage: true });
    await phone.close();
  });
});
