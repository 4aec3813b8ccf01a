import { type Browser, chromium } from 'playwright-core';

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
