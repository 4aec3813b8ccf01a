import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { importGeoFiles } from '../../src/files/geo-files.ts';
import { DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { publish } from '../support/campaign-fixture.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** The campaign page shows a khu phố's banded figures as the API sends them (docs/small-numbers.md), never NaN. */
describe('small numbers on the "Thi đua" page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'campaign.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    server = await startServer('sqlite', { now: () => new Date('2021-07-12T03:00:00Z') });
    const list = join(mkdtempSync(join(tmpdir(), 'vx-small-e2e-')), 'khu-pho.csv');
    writeFileSync(
      list,
      'code,name,kind,parent_code,population,valid_from\n26740-1,Khu phố 1,neighbourhood,26740,3100,2021-01-01\n26740-3,Khu phố 3,neighbourhood,26740,2900,2021-01-01\n',
    );
    await importGeoFiles(server.ctx.store.db, { units: list }, 'test', 'test');
    // The geography reloads from the feed; the intake reads the tree it is given.
    let hierarchy = server.ctx.geography().hierarchy;
    for (let i = 0; i < 100 && !hierarchy.get('26740-3'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      hierarchy = server.ctx.geography().hierarchy;
    }
    const rows = [...Array.from({ length: 3 }, (_, k) => ['26740-1', k] as const), ...Array.from({ length: 7 }, (_, k) => ['26740-3', k] as const)].map(
      ([unit, k], index) => ({ index, values: { id: `SN-${unit}-${k}`, confirmedDate: '2021-07-10', unit, setting: 'community', sourceKnown: false } }),
    );
    const answer = await new Intake(server.ctx.store, hierarchy).ingest('cases', rows, { actor: 'test', scope: null }, { channel: 'test', strictFields: true });
    expect(answer.rejected).toEqual([]);
    // vn-2686 assesses no neighbourhood yet: the campaign's levels for them are given here.
    server.ctx.levelHistory = async (rulebook, asOf) =>
      publishedLevelHistory(rulebook, VN_2686_STATES, publish({ '26740-1': '11111', '26740-3': '11111', '26740': '11111' }), asOf);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the rate range of each khu phố and explanations with ranges', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/campaign.html?group=neighbourhood');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    const row = (code: string) => page.locator(`#standings tbody tr[data-unit="${code}"]`);
    expect(await row('26740-1').textContent()).toContain('32–130');
    const third = await row('26740-3').textContent();
    expect(third).toContain('172–311');
    // Ranked on the exact rates (96.8 < 241.4), explained with the ranges.
    expect(third).toContain('(172–311 so với 32–130)');
    const table = (await page.locator('#standings').textContent()) ?? '';
    expect(table).not.toContain('NaN');
    expect(table).not.toMatch(/96,8|241,4/);
    await page.close();
  });
});
