import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const screenshots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const LAN_PASSWORD = 'chị Lan ở Quận 1 năm 2021';

/**
 * Issue #18 item 2 in Chromium: a Quận 1 committee member signs in, lands on her district's
 * dashboard, sees its wards, drills into a ward and back, and gets a clear refusal for a ward of
 * another district typed in the URL; Vietnamese and English; axe clean; 390 px wide.
 */
describe('the committee dashboard in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    // Today is 18/07/2021 in the city, in the middle of the campaign.
    server = await startServer('sqlite', { now: () => new Date('2021-07-18T03:00:00Z'), simulatedNeighbourhoods: true });
    const db = server.ctx.store.db;
    await addUser(db, { name: 'lan', displayName: 'Chị Lan', password: LAN_PASSWORD, roles: [{ role: 'committee', scope: '760' }] }, 'test');
    const { token } = await createToken(db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const cases = [
      // Phường Bến Nghé: high since 05/07, green from 19/07 if nothing new arrives.
      ...[1, 2, 3].map((i) => ({ id: `BN${i}`, confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: false })),
      // Phường Tân Định: three cases today, so it worsens since yesterday.
      ...[1, 2, 3].map((i) => ({ id: `TD${i}`, confirmedDate: '2021-07-18', unit: '26734', setting: 'community', sourceKnown: false })),
    ];
    const sent = await server.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: cases });
    expect(sent.json().accepted).toBe(6);
    const tests = await server.app.inject({
      method: 'POST',
      url: '/api/v1/tests',
      headers: { authorization: `Bearer ${token}` },
      payload: ['2021-07-15', '2021-07-16', '2021-07-17'].map((date, i) => ({ unit: '26740', date, tested: 80 + 20 * i, positive: i })),
    });
    expect(tests.statusCode).toBe(200);
    await server.ctx.risk.idle();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a signed-out visitor to sign in, and back', async () => {
    await page.goto(`${server.url}/dashboard.html`);
    await expect.poll(() => page.textContent('[data-testid="message"]')).toBe('Bảng điều hành dành cho thành viên ban chỉ đạo đã đăng nhập.');
    expect(await page.getAttribute('[data-testid="message-link"]', 'href')).toBe('/signin.html?next=%2Fdashboard.html');
    expect(await page.isHidden('[data-testid="dashboard"]')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lands a committee member on her district after sign-in, with its wards, changes and charts', async () => {
    await signIn(page, server.url, 'lan', LAN_PASSWORD, `${server.url}/dashboard.html`);
    await expect.poll(() => page.textContent('[data-testid="unit-name"]')).toBe('Quận 1');
    expect(await page.title()).toBe('Vùng Xanh — Bảng điều hành');
    expect(await page.locator('[data-testid="children"] tbody tr').count()).toBe(10);
    const benNghe = await page.textContent('[data-testid="children"] tr[data-unit="26740"]');
    expect(benNghe).toContain('Phường Bến Nghé');
    expect(benNghe).toContain('Nguy cơ cao');
    expect(benNghe).toContain('19/07/2021');
    expect(await page.textContent('[data-testid="children"] tr[data-unit="26734"]')).toContain('tăng');
    expect(await page.textContent('[data-testid="worsened"]')).toContain('Phường Tân Định');
    expect(await page.textContent('[data-testid="closest"]')).toContain('Phường Bến Nghé');
    expect(await page.textContent('[data-testid="closest"]')).toContain('Còn giữ lại vì');
    expect(await page.textContent('[data-testid="unit-summary"]')).toContain('Hôm nay 18/07/2021');
    expect(await page.textContent('[data-testid="freshness"]')).toContain('18/07/2021');
    expect(await page.textContent('[data-testid="standing"]')).toMatch(/Hạng \d+\/22 trong nhóm quận\/huyện/);
    expect(await page.locator('#cases-figure svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#tests-figure svg rect').count()).toBe(3);
    // Her alert inbox (test/e2e/alerts.e2e.test.ts follows an alert into it), listening live.
    expect(await page.textContent('#alerts-inbox h2')).toBe('Hộp cảnh báo');
    await expect.poll(() => page.textContent('[data-testid="inbox-status"]'), { timeout: 10_000 }).toBe('Đang nhận cảnh báo trực tiếp.');
    // Every unit links to the public map.
    expect(await page.getAttribute('[data-testid="children"] tr[data-unit="26740"] a[href^="/?unit="]', 'href')).toBe('/?unit=26740');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
  });

  it('drills into a ward and climbs back by the breadcrumbs, never above her scope', async () => {
    await page.click('[data-testid="children"] tr[data-unit="26734"] th a');
    await page.waitForURL(/unit=26734$/);
    await expect.poll(() => page.textContent('[data-testid="unit-name"]')).toBe('Phường Tân Định');
    expect(await page.locator('[data-testid="breadcrumbs"] a').allTextContents()).toEqual(['Quận 1']);
    expect(await page.locator('[data-testid="children"] tbody tr').count()).toBeGreaterThan(1); // its khu phố
    expect(await page.textContent('[data-testid="children"] tbody')).toContain('Khu phố');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid="breadcrumbs"] a');
    await expect.poll(() => page.textContent('[data-testid="unit-name"]')).toBe('Quận 1');
    expect(await page.locator('[data-testid="breadcrumbs"] a').count()).toBe(0);
  });

  it('refuses a ward of another district typed in the URL, on the page as in the API', async () => {
    const api = await page.evaluate(async () => (await fetch('/api/v1/dashboard/27127')).status);
    expect(api).toBe(403);
    await page.goto(`${server.url}/dashboard.html?unit=27127`);
    await expect
      .poll(() => page.textContent('[data-testid="message"]'))
      .toBe('Đơn vị 27127 nằm ngoài phạm vi của bạn: bạn không xem được bảng điều hành của đơn vị này.');
    expect(await page.isHidden('[data-testid="dashboard"]')).toBe(true);
    expect(await page.textContent('[data-testid="message-link"]')).toBe('Về bảng điều hành của bạn');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'dashboard-403.png') });
  });

  it('reads in English, and works at 390 px', async () => {
    await page.goto(`${server.url}/dashboard.html`);
    await expect.poll(() => page.textContent('[data-testid="unit-name"]')).toBe('Quận 1');
    await page.click('#lang');
    expect(await page.title()).toBe('Vùng Xanh — Dashboard');
    expect(await page.textContent('#children-title')).toBe('Units below');
    expect(await page.textContent('[data-testid="children"] tr[data-unit="26740"]')).toContain('High risk');
    expect(await page.textContent('[data-testid="standing"]')).toMatch(/Rank \d+ of 22 among districts/);
    expect(page.url()).toBe(`${server.url}/dashboard.html?lang=en`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'dashboard-en.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard.html`);
    await expect.poll(() => page.textContent('[data-testid="unit-name"]')).toBe('Quận 1');
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'dashboard-phone.png'), fullPage: true });
  });

  it('is reachable from the map, sign-in, admin and audit pages once signed in', async () => {
    for (const path of ['/signin.html', '/admin.html', '/audit.html']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('nav a[href^="/dashboard.html"]:not([hidden])');
    }
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#nav-dashboard:not([hidden])', { timeout: 30_000 });
  });
});
