import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser } from '../../src/store/accounts-store.ts';
import { launchBrowser } from '../support/browser.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/**
 * The pages under the server's content security policy (src/server/security-headers.ts), in
 * Chromium: whatever the policy blocks (a worker, an inline handler, a style) is reported by the
 * browser as a securitypolicyviolation event, collected here; none may occur.
 */
describe('the pages under the content security policy, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer('sqlite', { now: () => new Date('2021-07-18T03:00:00Z') });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page at phone width that records every policy violation, as the browser reports it. */
  async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const violations: string[] = [];
    await page.exposeFunction('vxViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { vxViolation(v: string): void }).vxViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      ),
    );
    return { page, violations };
  }

  it('draws the map (MapLibre workers, swatches) and opens a ward without a violation', async () => {
    const { page, violations } = await watchedPage();
    const answer = await page.goto(server.url + '/');
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 20_000 });
    await page.click('#search');
    await page.keyboard.type('ben nghe');
    await page.waitForSelector('#search-results li[role="option"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-details-for="26740"]');
    expect(violations).toEqual([]);
    await page.close();
  });

  // One test per page: each waits for its network to settle, and some (the bulletin's image previews) take seconds.
  it.each([
    '/campaign.html?group=ward&district=760',
    '/data.html',
    '/signin.html',
    '/admin.html',
    '/appeals.html',
    '/alerts.html',
    '/ban-tin',
    '/du-lieu.html',
    '/nhung.html?unit=760',
    '/verify',
    '/khen-thuong.html',
    '/khen-thuong-cong-bo.html',
    // The embeds, under their own, stricter policy.
    '/embed/760?view=map',
    '/embed/26734?view=card&lang=en',
  ])('shows %s without a violation', async (path) => {
    const { page, violations } = await watchedPage();
    await page.goto(server.url + path, { waitUntil: 'networkidle' });
    expect(violations, path).toEqual([]);
    await page.close();
  });
  it("shows a committee's dashboard, with its charts and level swatches, without a violation", async () => {
    await addUser(server.ctx.store.db, { name: 'lan', password: 'chị Lan ở Quận 1 năm 2021', roles: [{ role: 'committee', scope: '760' }] }, 'test');
    const { page, violations } = await watchedPage();
    await page.goto(server.url + '/signin.html');
    const status = await page.evaluate(
      async () =>
        (
          await fetch('/api/v1/session', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'lan', password: 'chị Lan ở Quận 1 năm 2021' }),
          })
        ).status,
    );
    expect(status).toBe(200);
    await page.goto(server.url + '/dashboard.html', { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-testid="dashboard"]:not([hidden])');
    expect(violations).toEqual([]);
    await page.close();
  });
});
