import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run; never a downloaded browser (there is no such network here). */
export const CHROMIUM_PATH = process.env.VX_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Signs in through the sign-in page, as a user would. A committee member is taken to her dashboard,
 * so pass where she should land (`landing`); anyone else stays on the page, which then shows the
 * signed-in section.
 */
export async function signIn(page: Page, baseUrl: string, name: string, password: string, landing?: string | RegExp): Promise<void> {
  await page.goto(`${baseUrl}/signin.html`);
  await page.waitForSelector('#signin-section:not([hidden])');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('#signin button[type="submit"]');
  if (landing) await page.waitForURL(landing);
  else await page.waitForSelector('#signed-in-section:not([hidden])');
}
