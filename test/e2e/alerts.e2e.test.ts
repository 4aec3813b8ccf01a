import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const LAN_PASSWORD = 'chị Lan ở Bến Nghé 2021';
const ROOT_PASSWORD = 'quản trị thành phố 79';
const WARD = '26740'; // Phường Bến Nghé, Quận 1

/**
 * Issue #18 item 3 in Chromium: a Quận 1 committee member, signed in on /alerts.html, gets an
 * alert in her inbox within 2 s of cases (sent by API) that turn one of her wards red, and
 * acknowledges it; an admin adds a webhook there and sees its secret once. Vietnamese and
 * English, axe clean, 390 px wide.
 */
describe('the alerts page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token = '';
  const violations: string[] = [];
  const overflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const post = async (body: unknown) => {
    const r = await fetch(`${server.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return (await r.json()) as { accepted: number };
  };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // The deployment's clock runs from 18/07/2021 10:00 (local).
    const offset = Date.parse('2021-07-18T03:00:00Z') - Date.now();
    server = await startServer('sqlite', { now: () => new Date(Date.now() + offset) });
    const db = server.ctx.store.db;
    await addUser(db, { name: 'lan', password: LAN_PASSWORD, roles: [{ role: 'committee', scope: '760' }] }, 'test');
    await addUser(db, { name: 'root', password: ROOT_PASSWORD, roles: [{ role: 'admin', scope: '79' }] }, 'test');
    token = (await createToken(db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    // Earlier data elsewhere: Bến Nghé is green the day before.
    expect((await post([{ id: 'E2E-A0', version: 1, confirmedDate: '2021-07-01', unit: '27496', setting: 'quarantine', sourceKnown: true }])).accepted).toBe(1);
    await server.ctx.risk.idle();
    await server.ctx.alerts!.idle();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    // Under the server's content security policy: the inbox's buttons and live stream break none of it.
    await page.exposeFunction('vxViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { vxViolation(v: string): void }).vxViolation(`${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("brings a Quận 1 member the alert in her dashboard's inbox within 2 s of cases that turn her ward red, and she acknowledges it", async () => {
    await page.goto(`${server.url}/alerts.html`);
    expect(await page.textContent('[data-testid="message"]')).toContain('Cần đăng nhập');
    // She lands on her district's dashboard: its inbox is where the alert must reach her.
    await signIn(page, server.url, 'lan', LAN_PASSWORD, /\/dashboard\.html/);
    await page.waitForSelector('[data-testid="inbox-status"]');
    await expect.poll(() => page.textContent('[data-testid="inbox-status"]'), { timeout: 10_000 }).toBe('Đang nhận cảnh báo trực tiếp.');
    expect(await page.textContent('[data-testid="inbox-list"]')).toContain('Không có cảnh báo nào');

    const sentAt = Date.now();
    const sent = await post(
      [1, 2].map((n) => ({ id: `E2E-A${n}`, version: 1, confirmedDate: '2021-07-18', unit: WARD, setting: 'community', sourceKnown: false, cluster: 'C-A' })),
    );
    expect(sent.accepted).toBe(2);
    const item = `[data-key="level-rose:${WARD}:2021-07-18"]`;
    await page.waitForSelector(item, { timeout: 10_000 });
    expect(Date.now() - sentAt).toBeLessThan(2000);
    const text = await page.textContent(item);
    expect(text).toContain('Phường Bến Nghé: mức nguy cơ tăng');
    expect(text).toContain('18/07/2021');
    expect(text).toContain('Chưa đọc');
    expect(await page.textContent('[data-testid="inbox-status"]')).toContain('Cảnh báo mới');

    await page.click(`${item} button[data-action="ack"]`);
    await page.waitForSelector(`${item} [data-testid="alert-ack"]`);
    expect(await page.textContent(`${item} [data-testid="alert-ack"]`)).toMatch(/^Đã xác nhận: lan, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await page.locator(`${item} button`).count()).toBe(0);
    // Stored: acknowledged by her, and audited.
    const row = await server.ctx.store.db
      .selectFrom('alerts')
      .select(['acked_by'])
      .where('key', '=', `level-rose:${WARD}:2021-07-18`)
      .executeTakeFirstOrThrow();
    expect(row.acked_by).toBe('lan');

    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'alerts-390.png'), fullPage: true });

    await page.click('#lang');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#alerts-inbox h2')).toBe('Alert inbox');
    expect(await page.textContent(item)).toContain('Phường Bến Nghé: risk level rose');
    expect(await page.textContent(`${item} [data-testid="alert-ack"]`)).toMatch(/^Acknowledged by lan, \d{2}\/\d{2}\/\d{4}/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await page.screenshot({ path: join(shots, 'alerts-390-en.png'), fullPage: true });
  }, 60_000);

  it('lets an admin add a webhook, showing its secret once, and read its delivery log', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(admin, server.url, 'root', ROOT_PASSWORD);
    await admin.goto(`${server.url}/alerts.html`);
    await admin.waitForSelector('#webhooks:not([hidden])');
    await admin.fill('#w-url', 'https://chat.example.org/hooks/q1');
    await admin.fill('#w-scope', '760');
    await admin.fill('#w-rules', 'level-rose, red-7-days');
    await admin.click('#webhook-form button[type="submit"]');
    await expect.poll(() => admin.textContent('[data-testid="webhook-secret"]')).toMatch(/whsec_/);
    expect(await admin.textContent('[data-testid="webhook-list"]')).toContain('https://chat.example.org/hooks/q1');
    await admin.click('[data-testid="webhook-list"] button[data-action="deliveries"]');
    await expect.poll(() => admin.textContent('[data-testid="deliveries"]')).toContain('Chưa gửi lần nào');
    // A bad URL is refused with the server's words.
    await admin.fill('#w-url', 'ftp://chat.example.org/x');
    await admin.fill('#w-scope', '760');
    await admin.click('#webhook-form button[type="submit"]');
    await expect.poll(() => admin.textContent('[data-testid="webhook-secret"]')).toContain('url');
    expect(await seriousViolations(admin)).toEqual([]);
    expect(await overflow(admin)).toBeLessThanOrEqual(0);
    await admin.screenshot({ path: join(shots, 'alerts-webhooks-390.png'), fullPage: true });
  }, 60_000);
});
