import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const ROOT_PASSWORD = 'quản trị thành phố 79';

/** Issue #18 item 4 in Chromium: a whole-city admin opens the audit log from the admin page, filters it, sees rows; axe clean; 390 px wide. */
describe('the audit log page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite');
    const db = server.ctx.store.db;
    await addUser(db, { name: 'root', password: ROOT_PASSWORD, roles: [{ role: 'admin', scope: '79' }] }, 'test');
    await addUser(db, { name: 'lan', password: 'chị Lan ở Tân Định 2021', roles: [{ role: 'committee', scope: '26734' }] }, 'root', 'web');
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, follows the admin page link, filters by unit and sees the matching write', async () => {
    await signIn(page, server.url, 'root', ROOT_PASSWORD);
    await page.goto(`${server.url}/admin.html`);
    await page.click('a[href^="/audit.html"]');
    await page.waitForSelector('[data-testid="entries"] tbody tr');
    expect(await page.title()).toBe('Vùng Xanh — Nhật ký kiểm tra');
    expect(await page.textContent('[data-testid="entries"]')).toContain('session.open');

    await page.fill('#f-unit', '26734');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => page.locator('[data-testid="entries"] tbody tr').count()).toBe(1);
    const row = await page.textContent('[data-testid="entries"] tbody tr');
    expect(row).toContain('user.add');
    expect(row).toContain('root');
    expect(row).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await page.getAttribute('#csv', 'href')).toBe('/api/v1/audit?unit=26734&format=csv&limit=1000');
    // Dates typed dd/mm/yyyy; a day long past leaves no row, and the filters stay usable.
    await page.fill('#f-to', '01/07/2021');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => page.textContent('[data-testid="entries"] tbody')).toBe('Không có dòng nào khớp bộ lọc.');
    await page.fill('#f-to', '31/02/2021');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => page.textContent('[data-testid="message"]')).toContain('to');
    expect(await page.isVisible('#filters')).toBe(true);
    await page.fill('#f-to', '');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => page.locator('[data-testid="entries"] tbody tr').count()).toBe(1);
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), await page.getAttribute('#csv', 'href'));
    expect(csv).toContain('user.add');

    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'audit-390.png'), fullPage: true });

    await page.click('#lang');
    expect(await page.textContent('h1')).toContain('Audit log');
    expect(await page.textContent('#csv')).toBe('Download CSV');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
