import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { watchCampaigns } from '../../src/app/campaign-watch.ts';
import { Intake } from '../../src/app/intake/intake.ts';
import { freezeAllDueCuts } from '../../src/app/official-cuts.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { injectAxe } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const ID = 'hcmc-2021-vung-xanh';

/**
 * Community cases sent through the real intake path, so the real engine grades every ward.
 * Quận 1: Tân Định has an outbreak that ends on 2 July (it turns green during the campaign),
 * Bến Nghé keeps getting cases until 14 July; Phường 15 of Bình Thạnh has cases to the end
 * of the campaign (23 July), so the engine grades every day of it.
 */
const OUTBREAKS: Array<[unit: string, cases: number, firstDay: number, lastDay: number]> = [
  ['26734', 40, 20, 32], // 20 June .. 2 July
  ['26740', 24, 32, 45],
  ['26938', 30, 25, 53],
];

function caseRows(outbreaks: typeof OUTBREAKS, prefix: string): RawRow[] {
  const rows: RawRow[] = [];
  for (const [unit, cases, first, last] of outbreaks) {
    for (let k = 0; k < cases; k++) {
      const day = first + (k % (last - first + 1));
      const date = new Date(Date.UTC(2021, 5, day)).toISOString().slice(0, 10); // June + day (overflows into July)
      rows.push({ index: rows.length, values: { id: `${prefix}-${unit}-${k}`, confirmedDate: date, unit, setting: 'community', sourceKnown: false } });
    }
  }
  return rows;
}

async function rowCount(page: Page): Promise<number> {
  return page.locator('#standings tbody tr').count();
}

describe('"Thi đua" page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let intake: Intake;
  const sender = { actor: 'test', scope: null };
  const options = { channel: 'test', strictFields: true };

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'campaign.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    mkdirSync(shots, { recursive: true });
    server = await startServer();
    intake = new Intake(server.ctx.store, server.ctx.geography().hierarchy);
    const answer = await intake.ingest('cases', caseRows(OUTBREAKS, 'BN'), sender, options);
    expect(answer.rejected).toEqual([]);
    // The engine grades asynchronously after the cube changes: wait until Tân Định is graded.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const body = await (await fetch(`${server.url}/api/v1/campaigns/${ID}/standings?group=ward&unit=26734`)).json();
      if ((body.rows?.[0]?.baseline ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error('the engine did not grade Tân Định within 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('switches groups, filters to one district, draws the progress chart, passes axe and follows a row to the map', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    // The map page links to "Thi đua".
    await page.click('#nav-campaign');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/campaign.html');

    // Wards first: all 312, the ones that turned green at the top, unranked rows last.
    expect(await page.getAttribute('#tab-ward', 'aria-selected')).toBe('true');
    expect(await rowCount(page)).toBe(312);
    const first = page.locator('#standings tbody tr').first();
    expect(await first.getAttribute('data-unit')).toBe('26734');
    expect(await first.textContent()).toContain('Phường Tân Định');
    expect(await page.locator('#standings thead th').allTextContents()).toContain('Giữ xanh suốt');

    // Neighbourhoods: the tab is there, with a clear message instead of an empty table.
    await page.click('#tab-neighbourhood');
    await expect.poll(() => page.textContent('[data-testid="message"]')).toContain('không có đơn vị cấp khu phố, ấp');
    expect(await page.isVisible('#standings')).toBe(false);

    // Districts: 22 rows with the green share of wards and population.
    await page.click('#tab-district');
    await expect.poll(() => rowCount(page)).toBe(22);
    expect(await page.locator('#standings thead th').allTextContents()).toContain('Tỷ lệ xanh (phường / dân số)');
    expect(await page.locator('#standings tbody tr[data-unit="760"]').textContent()).toMatch(/phường xanh · [\d,]+% dân số/);
    await page.locator('section.standings').screenshot({ path: join(shots, 'campaign-districts.png') });

    // Back to wards with the keyboard (tabs pattern: arrow keys).
    await page.focus('#tab-district');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getAttribute('#tab-ward', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-ward');
    await expect.poll(() => rowCount(page)).toBe(312);

    // Filter to Quận 1: its 10 wards, ranked within it; the chart follows the district.
    await page.selectOption('#district', '760');
    await expect.poll(() => rowCount(page)).toBe(10);
    const parents = await page.locator('#standings tbody td[data-label="Thuộc"]').allTextContents();
    expect(new Set(parents)).toEqual(new Set(['Quận 1']));
    expect(await page.locator('#standings tbody tr').first().textContent()).toContain('hạng 1 trong quận');
    expect(await page.textContent('#progress-title')).toBe('Tiến độ phủ xanh: Quận 1');
    const bars = await page.locator('#chart svg g[data-date]').count();
    expect(bars).toBeGreaterThanOrEqual(10);
    expect(await page.locator('#chart svg line.goal').count()).toBe(1);
    expect(await page.textContent('#chart svg desc')).toContain('so với mục tiêu 100% vùng xanh');
    expect(await page.locator('[data-testid="chart-table"] tbody tr').count()).toBe(bars);
    expect(new URL(page.url()).searchParams.get('district')).toBe('760');

    // The download links export exactly the table shown.
    const csvHref = await page.getAttribute('#csv', 'href');
    expect(csvHref).toBe(`/api/v1/campaigns/${ID}/standings?group=ward&parent=760&format=csv`);
    const csv = await (await fetch(server.url + csvHref)).text();
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n'),
    ).toHaveLength(11);
    const xlsx = await fetch(server.url + (await page.getAttribute('#xlsx', 'href')));
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');

    // Reward candidates within Quận 1: Tân Định reached green; wards far from the outbreaks held it.
    expect(await page.textContent('[data-testid="reached-green"]')).toContain('Phường Tân Định');
    expect(await page.locator('[data-testid="held-green"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'campaign-vi.png'), fullPage: false });
    await page.locator('main').screenshot({ path: join(shots, 'campaign-vi-full.png') });

    // Official standings: a cut date is chosen from the frozen cuts.
    await page.check('#clock-official');
    await expect.poll(() => page.textContent('[data-testid="standings-meta"]')).toContain('Bảng chính thức chốt lúc');
    const cutDates = await page.locator('#date option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(cutDates).toHaveLength(16); // "latest" and the 15 daily cuts
    await page.selectOption('#date', '2021-07-12');
    await expect.poll(() => page.textContent('[data-testid="standings-meta"]')).toContain('Bảng chính thức chốt lúc 18:00 ngày 12/07/2021');
    expect(await page.getAttribute('#csv', 'href')).toContain('date=2021-07-12&official=true&format=csv');
    await page.selectOption('#date', '');
    await page.check('#clock-live');
    await expect.poll(() => page.textContent('[data-testid="standings-meta"]')).toContain('Bảng tạm tính');

    // No serious or critical accessibility violation.
    await injectAxe(page);
    const violations = await page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target }));
    });
    expect(violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // English changes every string, and the language goes with the link to the map.
    await page.click('#lang');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#tab-ward')).toBe('Wards, communes, towns');
    expect(await page.textContent('#progress-title')).toBe('Progress towards green: Quận 1');
    expect(await page.locator('#standings thead th').allTextContents()).toContain('Held green');
    expect(await page.locator('#standings tbody tr').first().textContent()).toContain('Rank 1 of');
    // No Vietnamese interface word is left (unit names stay Vietnamese, as they are names).
    const english = await page.evaluate(() => document.body.innerText);
    for (const word of [
      'Bảng xếp hạng',
      'Tiến độ',
      'Thay đổi hạng',
      'Giải thích',
      'Chưa có dữ liệu',
      'Đề xuất',
      'Tải bảng',
      'Mới nhất',
      'Toàn thành phố',
      'Trực tiếp',
      'Mức lúc',
      'Ngày',
      'Giữ xanh',
      'giảm',
      'Thuộc',
    ]) {
      expect(english, word).not.toContain(word);
    }
    await page.screenshot({ path: join(shots, 'campaign-en.png') });

    // Follow the first row to the map: the map opens on that unit.
    await page.locator('#standings tbody tr').first().locator('a').click();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    expect(new URL(page.url()).searchParams.get('unit')).toBe('26734');
    await expect.poll(() => page.textContent('[data-testid="details-name"]')).toBe('Phường Tân Định');
    await page.screenshot({ path: join(shots, 'campaign-to-map.png') });
    expect(errors).toEqual([]);
  }, 60_000);

  it('updates the standings live when new cases arrive', async () => {
    const stop = await watchCampaigns(server.ctx, { debounceMs: 50, freezeEveryMs: 3_600_000 });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + '/campaign.html?group=ward&district=760');
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await expect.poll(() => page.textContent('[data-testid="live"]')).toContain('Trực tiếp');
      // A ward of Quận 1 that held green throughout gets an outbreak in the middle of the campaign.
      const held = page.locator('#standings tbody tr', { hasText: 'Giữ xanh' }).last();
      const unit = (await held.getAttribute('data-unit'))!;
      const row = page.locator(`#standings tbody tr[data-unit="${unit}"]`);
      await intake.ingest('cases', caseRows([[unit, 20, 42, 47]], 'LATE'), sender, options);
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).not.toContain('Giữ xanh');
      expect(await row.textContent()).toContain('Nguy cơ');
    } finally {
      await stop();
    }
  }, 40_000);

  it("shows a backfilled cut's notice, the 'as known now' standings and a corrected cut beside it, in both languages, passing axe at phone width", async () => {
    // The cases above were sent after the 2021 cuts, so every cut is a backfilled one. Freeze
    // them as the watcher does, then an admin of the whole city issues a corrected cut.
    await freezeAllDueCuts(server.ctx);
    const { token } = await createToken(server.ctx.store.db, { label: 'city admin', role: 'admin', scope: '79' }, 'test');
    const reason = 'CDC gửi bổ sung ca ngày 12/07 sau giờ chốt';
    const issued = await fetch(`${server.url}/api/v1/campaigns/${ID}/cuts/ward/2021-07-12/corrections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason }),
    });
    expect(issued.status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(server.url + '/campaign.html?group=ward&district=760&official=true&date=2021-07-12');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    const notice = page.locator('[data-testid="backfill-notice"]');
    await expect
      .poll(() => notice.textContent())
      .toBe("Dữ liệu của ngày này đến sau giờ chốt: bảng chốt chính thức giữ nguyên; xem bảng 'theo dữ liệu hiện có' bên cạnh.");
    const notes = page.locator('[data-testid="cut-notes"]');
    expect(await notes.textContent()).toContain(`Bảng chốt đính chính số 1 (lý do: ${reason})`);
    const officialRows = await rowCount(page);

    // Beside it: the same date as known now, then the corrected cut; the downloads follow.
    await page.getByLabel('Theo dữ liệu hiện có').check();
    await expect.poll(() => page.textContent('[data-testid="cut-version-shown"]')).toContain('Bảng ngày 12/07/2021 theo dữ liệu hiện có');
    expect(await page.getAttribute('#csv', 'href')).toBe(`/api/v1/campaigns/${ID}/standings?group=ward&parent=760&date=2021-07-12&format=csv`);
    expect(new URL(page.url()).searchParams.get('version')).toBe('now');
    await page.getByLabel(/Bảng chốt đính chính số 1/).check();
    await expect.poll(() => page.textContent('[data-testid="cut-version-shown"]')).toContain('Bảng chốt đính chính số 1 của ngày 12/07/2021');
    expect(await page.getAttribute('#csv', 'href')).toContain('official=true&correction=1');
    expect(await rowCount(page)).toBe(officialRows);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('section.standings').screenshot({ path: join(shots, 'campaign-backfill-phone.png') });
    await page.locator('#cut-notes').screenshot({ path: join(shots, 'campaign-backfill-phone-notes.png') });
    await injectAxe(page);
    const violations = await page.evaluate(async () =>
      (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations.map((v: any) => ({ id: v.id, impact: v.impact })),
    );
    expect(violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    await page.click('#lang');
    await expect
      .poll(() => notice.textContent())
      .toBe("Data for this day arrived after the cut: the official cut stands; see the 'as known now' standings beside it.");
    expect(await notes.textContent()).toContain(`Corrected cut no. 1 (reason: ${reason})`);
    expect(await notes.textContent()).toContain('As known now');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('section.standings').screenshot({ path: join(shots, 'campaign-backfill-en.png') });
  }, 60_000);

  it('fits a 360 px wide phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    await page.goto(server.url + '/campaign.html?group=ward&district=760');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'campaign-phone.png') });
    await injectAxe(page);
    const violations = await page.evaluate(async () =>
      (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations.map((v: any) => ({ id: v.id, impact: v.impact })),
    );
    expect(violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page
      .locator('#standings tbody tr')
      .first()
      .screenshot({ path: join(shots, 'campaign-phone-row.png') });
    await page.locator('section.progress').screenshot({ path: join(shots, 'campaign-phone-chart.png') });
    // The phone chart is drawn narrower, so its labels stay readable.
    expect(await page.getAttribute('#chart svg', 'viewBox')).toBe('0 0 360 260');
  });
});
