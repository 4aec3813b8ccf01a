import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh biên bản xác minh')]);
const REASON = 'Hai ca chưa rõ nguồn đã được truy vết về khu cách ly; phường đề nghị về vùng xanh';
/** Bến Nghé (Quận 1): community cases of unknown source → not green on 18 July. */
const CASES = [
  { id: 'AP-1', version: 1, confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false },
  { id: 'AP-2', version: 1, confirmedDate: '2021-07-17', unit: '26740', setting: 'community', sourceKnown: false },
  { id: 'AP-3', version: 1, confirmedDate: '2021-07-18', unit: '27496', setting: 'quarantine', sourceKnown: true },
];

/**
 * Issue #18 item 5 in Chromium: a Quận 1 committee member files an appeal about Bến Nghé in the
 * browser, a Quận 1 analyst accepts it, and the public map — open all along — shows the new colour
 * and the appeal's number and reason in its panel. Both pages axe clean, at 390 px, in both languages.
 */
describe('appeals in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const phone = async () => (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  let number = 0;
  let map: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const offset = Date.parse('2021-07-18T03:00:00Z') - Date.now();
    server = await startServer('sqlite', { now: () => new Date(Date.now() + offset) });
    const db = server.ctx.store.db;
    const token = (await createToken(db, { label: 'e2e', role: 'data_officer', scope: '79' }, 'test')).token;
    const sent = await fetch(`${server.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(CASES),
    });
    expect(sent.status).toBe(200);
    await server.ctx.risk.idle();
    await addUser(db, { name: 'lan', password: 'chị Lan ở Quận 1 năm 2021', roles: [{ role: 'committee', scope: '760' }] }, 'test');
    await addUser(db, { name: 'minh', password: 'anh Minh phân tích 760', roles: [{ role: 'analyst', scope: '760' }] }, 'test');
    browser = await launchBrowser();
    // The public map, open on Bến Nghé before the appeal: it must change by itself.
    map = await phone();
    await map.goto(`${server.url}/?unit=26740`);
    await map.waitForSelector('body[data-details-for="26740"]', { timeout: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a committee member file an appeal with an attachment from the page', async () => {
    expect(await map.textContent('[data-testid="details-state"]')).not.toContain('Bình thường mới');
    const page = await phone();
    await signIn(page, server.url, 'lan', 'chị Lan ở Quận 1 năm 2021', /\/dashboard\.html/);
    await page.click('nav a[href^="/appeals.html"]');
    await page.waitForSelector('#file-section:not([hidden])');
    expect(await page.title()).toBe('Vùng Xanh — Khiếu nại màu');
    // The picker holds Quận 1 and its wards only.
    const units = await page.$$eval('#f-unit option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(units[0]).toBe('760');
    expect(units).toContain('26740');
    expect(units).not.toContain('27139'); // Võ Thị Sáu, Quận 3
    expect(await page.inputValue('#f-date')).toBe('18/07/2021');
    expect(await page.textContent('#f-reason-note')).toContain('công khai');
    await page.selectOption('#f-unit', '26740');
    await page.selectOption('#f-level', '0');
    await page.fill('#f-reason', REASON);
    await page.setInputFiles('#f-files', { name: 'bien-ban.png', mimeType: 'image/png', buffer: PNG });
    await page.click('#file-form button[type="submit"]');
    await expect.poll(() => page.textContent('[data-testid="message"]'), { timeout: 10_000 }).toMatch(/^Đã gửi khiếu nại số \d+\.$/);
    number = Number(/số (\d+)/.exec((await page.textContent('[data-testid="message"]'))!)![1]);
    const card = page.locator(`[data-testid="appeal-${number}"]`);
    await card.waitFor();
    expect(await card.locator('[data-testid="appeal-status"]').textContent()).toBe('Đang chờ');
    expect(await card.textContent()).toContain(REASON);
    expect(await card.textContent()).toContain('18/07/2021');
    expect(await card.locator('a[download]').textContent()).toBe('bien-ban.png');
    // A committee member decides nothing.
    expect(await card.locator('form').count()).toBe(0);

    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'appeals-committee-390.png'), fullPage: true });
    await page.click('#lang');
    expect(await page.textContent('h1')).toContain('Colour appeals');
    expect(await card.locator('[data-testid="appeal-status"]').textContent()).toBe('Open');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'appeals-committee-en-390.png'), fullPage: true });
    await page.context().close();
  });

  it('lets an analyst accept it, and the public map shows the new colour with the appeal and its reason', async () => {
    const page = await phone();
    await signIn(page, server.url, 'minh', 'anh Minh phân tích 760');
    await page.goto(`${server.url}/appeals.html`);
    const card = page.locator(`[data-testid="appeal-${number}"]`);
    await card.waitFor();
    // An analyst files nothing; the queue starts on the open appeals.
    expect(await page.isHidden('#file-section')).toBe(true);
    expect(await page.inputValue('#status-filter')).toBe('open');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'appeals-analyst-390.png'), fullPage: true });
    expect(await card.locator('.decide-accept select').inputValue()).toBe('0');
    await card.locator('.decide-accept button').click();
    await expect
      .poll(() => page.textContent('[data-testid="message"]'), { timeout: 10_000 })
      .toBe(`Đã chấp nhận khiếu nại số ${number}; màu trên bản đồ đã đổi.`);
    await page.selectOption('#status-filter', '');
    await expect.poll(() => card.locator('[data-testid="appeal-status"]').textContent()).toBe('Đã chấp nhận');

    // The public map, open since before: the panel redraws with the new colour and says why.
    await expect.poll(() => map.textContent('[data-testid="details-state"]'), { timeout: 15_000 }).toContain('Bình thường mới');
    await expect.poll(() => map.textContent('[data-testid="details-appeal"]'), { timeout: 15_000 }).toBe(`Đã đổi màu sau khiếu nại số ${number}: ${REASON}`);
    expect(await map.textContent('#details')).not.toContain('minh');
    expect(await seriousViolations(map)).toEqual([]);
    await map.locator('#details').screenshot({ path: join(shots, 'appeals-map-panel-390.png') });
    await map.click('#lang');
    await expect.poll(() => map.textContent('[data-testid="details-appeal"]')).toBe(`Colour changed on appeal no. ${number}: ${REASON}`);
  });
});
