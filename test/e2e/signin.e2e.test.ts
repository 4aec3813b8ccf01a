import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const ROOT_PASSWORD = 'quản trị thành phố 79';

/** Issue #18 item 1 in Chromium: an admin signs in, adds a user on the admin page, signs out; axe clean; 390 px wide. */
describe('sign-in and the admin page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startServer('sqlite');
    await addUser(
      server.ctx.store.db,
      { name: 'root', displayName: 'Quản trị thành phố', password: ROOT_PASSWORD, roles: [{ role: 'admin', scope: '79' }] },
      'test',
    );
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs the admin in with an HttpOnly, SameSite=Strict cookie', async () => {
    await page.goto(`${server.url}/`);
    await page.click('#nav-signin');
    await page.waitForSelector('#signin-section:not([hidden])');
    expect(await page.title()).toBe('Vùng Xanh — Đăng nhập');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#name', 'root');
    await page.fill('#password', 'sai mật khẩu rồi');
    await page.click('#signin button[type="submit"]');
    await expect.poll(() => page.textContent('[data-testid="message"]')).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await page.inputValue('#password')).toBe('');
    await page.screenshot({ path: join(shots, 'signin.png') });
    await page.fill('#password', ROOT_PASSWORD);
    await page.click('#signin button[type="submit"]');
    await page.waitForSelector('#signed-in-section:not([hidden])');
    expect(await page.textContent('[data-testid="who"]')).toBe('Đã đăng nhập: Quản trị thành phố (Quản trị @ 79)');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'vx_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe(''); // no script reads it
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'signin-signed-in.png') });
  });

  it('adds a user on the admin page, with a unit found by name, in both languages', async () => {
    await page.click('#to-admin');
    await page.waitForSelector('tr[data-user="root"]');
    expect(await page.textContent('tr[data-user="root"]')).toContain('Thành phố Hồ Chí Minh (79)');
    await page.fill('#add-name', 'lan');
    await page.fill('#add-display', 'Chị Lan');
    await page.selectOption('#add-role', 'committee');
    await page.fill('#add-scope-q', 'tan dinh');
    await page.waitForSelector('#add-scope option[value="26734"]', { state: 'attached' });
    await page.selectOption('#add-scope', '26734');
    await page.fill('#add-password', 'Tân Định 2021 ba hai');
    await page.click('#add button[type="submit"]');
    await page.waitForSelector('tr[data-user="lan"]');
    expect(await page.textContent('[data-testid="message"]')).toBe('Đã thêm lan.');
    const row = await page.textContent('tr[data-user="lan"]');
    expect(row).toContain('Ban chỉ đạo @ Phường Tân Định (26734)');
    expect(row).toContain('Đang dùng');
    expect(row).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'admin.png'), fullPage: true });

    await page.click('#lang');
    expect(await page.title()).toBe('Vùng Xanh — Users');
    expect(await page.textContent('tr[data-user="lan"]')).toContain('Steering committee @ Phường Tân Định (26734)');
    await page.click('tr[data-user="lan"] button[data-act="disable"]');
    await expect.poll(() => page.textContent('tr[data-user="lan"]')).toContain('Disabled');
    expect(await page.textContent('[data-testid="message"]')).toBe('Updated lan.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('tr[data-user="lan"] button[data-act="enable"]');
    await expect.poll(() => page.textContent('tr[data-user="lan"]')).toContain('Active');
    await page.click('#lang');
  });

  it('is usable at phone width (390 px)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.waitForSelector('tr[data-user="lan"]');
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'admin-phone.png'), fullPage: true });
    await page.goto(`${server.url}/signin.html`);
    await page.waitForSelector('#signed-in-section:not([hidden])');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'signin-phone.png') });
  });

  it('uploads on the data desk as the signed-in admin, without a token (the session and its CSRF token)', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/data.html`);
    await page.waitForSelector('[data-testid="signed-in-note"]:not([hidden])');
    expect(await page.textContent('[data-testid="signed-in-note"]')).toBe('Đã đăng nhập: Quản trị thành phố. Có thể để trống mã truy cập.');
    const csv = 'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây\r\nSESSION-1,10/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ\r\n';
    await page.selectOption('#kind', 'cases');
    await page.setInputFiles('#file', { name: 'ca-benh.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('#upload button[type="submit"]');
    await page.waitForSelector('[data-testid="job-done"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="job-done"]')).toBe('Xong: 1 dòng nhận, 0 không đổi, 0 bị từ chối.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/signin.html`);
    await page.waitForSelector('#signed-in-section:not([hidden])');
  });

  it('signs out: the admin page then asks to sign in, and the old cookie is refused', async () => {
    const [old] = await context.cookies();
    await page.click('#signout');
    await page.waitForSelector('#signin-section:not([hidden])');
    expect(await page.textContent('[data-testid="message"]')).toBe('Đã đăng xuất.');
    await page.goto(`${server.url}/admin.html`);
    await expect.poll(() => page.textContent('[data-testid="message"]')).toBe('Cần đăng nhập bằng tài khoản quản trị để quản lý người dùng.');
    expect(await page.isHidden('#admin')).toBe(true);
    const replay = await fetch(`${server.url}/api/v1/users`, { headers: { cookie: `vx_session=${old.value}` } });
    expect(replay.status).toBe(401);
  });
});
