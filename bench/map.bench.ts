/**
 * The public map in headless Chromium on localhost: time to first coloured map (budget ≤ 1.5 s)
 * printed beside the page's own DOMContentLoaded (its floor: nothing can be coloured before the
 * page has loaded), and the JavaScript the map page ships, gzipped (budget ≤ 450 KB).
 * The data: the simulated HCMC epidemic (seed 2021) up to 18 July 2021, sent through intake.
 *
 *   npm run build:web && npx tsx bench/map.bench.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { Intake } from '../src/app/intake/intake.ts';
import { DEFAULT_WEB_ROOT } from '../src/server/app.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startServer } from '../test/support/server.ts';
import { simulatedRows } from './support/simulated-rows.ts';

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const assets = join(DEFAULT_WEB_ROOT, 'assets');
const html = readFileSync(join(DEFAULT_WEB_ROOT, 'index.html'), 'utf8');
// The map page's scripts: those index.html loads, plus MapLibre's worker it starts.
const mapJs = readdirSync(assets).filter((f) => (f.endsWith('.js') && html.includes(f)) || f.startsWith('maplibre-gl-worker'));
const gzipped = mapJs.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

const server = await startServer('sqlite');
const intake = new Intake(server.ctx.store, server.ctx.geography().hierarchy);
for (const batch of simulatedRows('2021-07-18')) {
  await intake.ingest(batch.kind, batch.rows, { actor: 'bench', scope: null }, { channel: 'bench', strictFields: true });
}
await server.ctx.risk.idle();
const loadBefore = loadavg()[0];
const browser = await launchBrowser();
const coloured: number[] = [];
const domReady: number[] = [];
const marks: Array<Record<string, number>> = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
    domReady.push(Date.now() - start);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
    // Coloured: the levels are applied; wait for MapLibre to finish drawing that frame.
    await page.evaluate(
      () => new Promise<void>((resolve) => ((window as any).vx.map.loaded() ? resolve() : (window as any).vx.map.once('idle', () => resolve()))),
    );
    // …and for that frame to reach the screen: two animation frames later the page has been composited with it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    coloured.push(Date.now() - start);
    marks.push(await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const verdict = (value: number, budget: number) => (value <= budget ? 'within budget' : 'OVER BUDGET');
console.log(`map page: ${RUNS} cold loads in headless Chromium (fresh context each), median`);
console.log(`  first coloured map       ${median(coloured)} ms  (budget ≤ 1500 ms: ${verdict(median(coloured), 1500)})`);
console.log(`    each load, in order: ${coloured.join(', ')} ms; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
console.log(`  floor: DOMContentLoaded  ${median(domReady)} ms`);
console.log(`  JavaScript, gzipped      ${(gzipped / 1024).toFixed(1)} KB  (budget ≤ 450 KB: ${verdict(gzipped / 1024, 450)}) — ${mapJs.join(', ')}`);
const phase = (name: string) => median(marks.map((m) => m[name] ?? NaN));
console.log(
  `  phases (ms since navigation, median): data fetched ${phase('vx:data')}, map loaded ${phase('vx:map-load')}, levels painted ${phase('vx:coloured')}`,
);
