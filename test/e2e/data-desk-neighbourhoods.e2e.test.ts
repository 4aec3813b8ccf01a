import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const TAN_DINH = '26734';

/**
 * Issue 16: a ward committee sends its khu phố list through the data desk on a phone-sized
 * screen, sees what landed; then a list with a row for another ward is refused naming the row.
 */
describe('the data desk in Chromium: a ward committee sends its own khu phố list', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token: string;

  const sendList = async (name: string, csv: string) => {
    await page.setInputFiles('#nb-file', { name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('#nb-form button[type="submit"]');
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite');
    token = (await createToken(server.ctx.store.db, { label: 'ubnd-tan-dinh', role: 'committee', scope: TAN_DINH }, 'test')).token;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(server.url + '/data.html');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers the ward by name, sends the list and shows what landed, in Vietnamese and English', async () => {
    expect(await page.textContent('#nb-title')).toBe('Danh sách khu phố, ấp của phường');
    await page.fill('#token', token);
    await page.fill('#nb-ward', 'Tân Định');
    // The ward is offered by code under its name.
    await page.waitForSelector(`#nb-wards option[value="${TAN_DINH}"]`, { state: 'attached' });
    expect(await page.textContent(`#nb-wards option[value="${TAN_DINH}"]`)).toBe('Phường Tân Định');
    await page.fill('#nb-ward', TAN_DINH);
    await sendList('khu-pho-tan-dinh.csv', 'Tên khu phố/ấp,Dân số,Số hộ\r\nKhu phố 1,4200,1050\r\nKhu phố 2,3900,\r\n');
    await page.waitForSelector('[data-testid="nb-landed"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="nb-landed"]')).toBe('Đã lưu danh sách của Phường Tân Định: 2 khu phố, ấp.');
    expect(await page.locator('[data-testid="nb-listed"] li').allTextContents()).toEqual([
      `Khu phố 1 — mã ${TAN_DINH}-1, 4.200 người`,
      `Khu phố 2 — mã ${TAN_DINH}-2, 3.900 người`,
    ]);
    const stored = (await loadUnits(server.ctx.store.db)).filter((u) => u.parentCode === TAN_DINH);
    expect(stored.map((u) => [u.code, u.name, u.population])).toEqual([
      [`${TAN_DINH}-1`, 'Khu phố 1', 4200],
      [`${TAN_DINH}-2`, 'Khu phố 2', 3900],
    ]);
    await page.click('#lang');
    expect(await page.textContent('#nb-title')).toBe('Neighbourhood list of a ward');
    expect(await page.textContent('[data-testid="nb-landed"]')).toBe('Saved the list of Phường Tân Định: 2 neighbourhoods.');
    await page.click('#lang');
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'data-desk-neighbourhoods.png'), fullPage: true });
  });

  it('names the khu phố the new list leaves out, kept', async () => {
    await sendList('khu-pho-tan-dinh-2.csv', 'Tên khu phố/ấp,Dân số\r\nKhu phố 1,4300\r\nKhu phố 3,2800\r\n');
    await page.waitForSelector('[data-testid="nb-kept"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="nb-kept-note"]')).toBe(
      '1 khu phố, ấp không có trong danh sách nhưng vẫn được giữ (ca bệnh và lịch sử không mất):',
    );
    expect(await page.locator('[data-testid="nb-kept"] li').allTextContents()).toEqual([`Khu phố 2 — mã ${TAN_DINH}-2, 3.900 người`]);
  });

  it('shows a refused list’s rows and reasons, and nothing changes', async () => {
    const before = JSON.stringify(await loadUnits(server.ctx.store.db));
    await sendList('sai.csv', 'ward_code,Tên khu phố/ấp,Dân số\r\n26740,Khu phố 9,100\r\n');
    await page.waitForSelector('[data-testid="nb-refused"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="nb-refused"]')).toBe('Lỗi: Danh sách khu phố, ấp bị từ chối / Neighbourhood list refused');
    const errors = await page.locator('[data-testid="nb-errors"] li').allTextContents();
    expect(errors).toEqual([expect.stringMatching(/^Dòng 2: sai\.csv row 2: "26740" không phải Phường Tân Định/)]);
    expect(JSON.stringify(await loadUnits(server.ctx.store.db))).toBe(before);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/**
 * Issue 16's whole path in the browser: a ward's list sent through the desk, then the CDC's cases
 * naming those khu phố uploaded through the same desk; the map colours them, the panel says why,
 * and the "Thi đua" page ranks them within the ward.
 */
describe('a list, then cases naming its khu phố, through the desk: coloured on the map and ranked', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer('sqlite', { now: () => new Date('2021-07-12T03:00:00Z') });
    // An admin of the ward's own committee may send both its list and its cases.
    const { token } = await createToken(server.ctx.store.db, { label: 'ubnd-tan-dinh', role: 'admin', scope: TAN_DINH }, 'test');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/data.html');
    await page.fill('#token', token);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('colours the khu phố from their own cases and ranks them within the ward', async () => {
    await page.fill('#nb-ward', TAN_DINH);
    await page.setInputFiles('#nb-file', {
      name: 'khu-pho.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Tên khu phố/ấp,Dân số\r\nKhu phố 1,4200\r\nKhu phố 2,3900\r\nKhu phố 3,5100\r\n', 'utf8'),
    });
    await page.click('#nb-form button[type="submit"]');
    await page.waitForSelector('[data-testid="nb-landed"]', { timeout: 20_000 });

    // Khu phố 2: an unknown-source case (high risk); Khu phố 1: a known-source one (risk); Khu phố 3: none.
    const cases = [
      'Mã ca,Ngày xác nhận,Phường/Xã,Quận/Huyện,Khu phố/Ấp,Nơi phát hiện,Rõ nguồn lây',
      'TD-1,10/07/2021,Phường Tân Định,Quận 1,KP 2,cộng đồng,không',
      'TD-2,10/07/2021,Phường Tân Định,Quận 1,khu pho 1,cộng đồng,có',
    ].join('\r\n');
    await page.selectOption('#kind', 'cases');
    await page.setInputFiles('#file', { name: 'ca-benh-tan-dinh.csv', mimeType: 'text/csv', buffer: Buffer.from(cases, 'utf8') });
    await page.click('#upload button[type="submit"]');
    await page.waitForSelector('[data-testid="job-done"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="job-done"]')).toBe('Xong: 2 dòng nhận, 0 không đổi, 0 bị từ chối.');
    await server.ctx.risk.idle();

    await page.goto(`${server.url}/?unit=${TAN_DINH}-2`);
    await page.waitForSelector(`body[data-details-for="${TAN_DINH}-2"]`, { timeout: 20_000 });
    expect(await page.textContent('[data-testid="details-name"]')).toBe('Khu phố 2, Phường Tân Định, Quận 1');
    expect(await page.textContent('[data-testid="details-state"]')).toContain('Nguy cơ cao');
    expect(await page.textContent('[data-testid="details-reasons"]')).toContain('1–4 ca cộng đồng chưa rõ nguồn lây');
    // Not the demo's list: no simulated notice.
    expect(await page.locator('[data-testid="details-simulated"]').count()).toBe(0);

    await page.goto(`${server.url}/campaign.html?group=neighbourhood&ward=${TAN_DINH}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('#standings tbody tr').length === 3);
    const order = await page.$$eval('#standings tbody tr', (rows) => rows.map((r) => r.getAttribute('data-unit')));
    // Green first, then risk, then high risk.
    expect(order).toEqual([`${TAN_DINH}-3`, `${TAN_DINH}-1`, `${TAN_DINH}-2`]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
