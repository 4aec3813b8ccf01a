/**
 * The city-map PNG rendered on the server (resvg, docs/images.md) beside its peer: a headless
 * Chromium screenshot of the same map — the same SVG, drawn by the browser at the same size.
 * Budget: the server's warm render ≤ 0.5× the browser's warm screenshot, both measured in this
 * run. "Warm": the process (fonts, geometry, engine) and the browser are started beforehand; each
 * server render skips the image cache, each screenshot opens a fresh page. The cached answer (what
 * a repeated request gets) is printed too. Data: the simulated HCMC epidemic (seed 2021) to 14 July.
 *
 *   npx tsx bench/images.bench.ts
 */
import { loadavg } from 'node:os';

import { imageSvg } from '../src/app/images.ts';
import { Intake } from '../src/app/intake/intake.ts';
import { svgToPng } from '../src/render/images/rasterise.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startServer } from '../test/support/server.ts';
import { simulatedRows } from './support/simulated-rows.ts';

const RUNS = 9;
const DATE = '2021-07-14';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer('sqlite');
const intake = new Intake(server.ctx.store, server.ctx.geography().hierarchy);
for (const batch of simulatedRows(DATE)) {
  await intake.ingest(batch.kind, batch.rows, { actor: 'bench', scope: null }, { channel: 'bench', strictFields: true });
}
await server.ctx.risk.idle();
const request = { what: 'city-map', format: 'png', size: 'og', lang: 'vi', date: DATE } as const;
const loadBefore = loadavg()[0];
const serverMs: number[] = [];
const svgMs: number[] = [];
const browserMs: number[] = [];
const cachedMs: number[] = [];
const browser = await launchBrowser();
try {
  const { svg } = await imageSvg(server.ctx, request);
  await svgToPng(svg); // warm-up: fonts parsed, code paths compiled
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now();
    const drawn = (await imageSvg(server.ctx, request)).svg;
    svgMs.push(performance.now() - start);
    await svgToPng(drawn);
    serverMs.push(performance.now() - start);

    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    start = performance.now();
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ type: 'png' });
    browserMs.push(performance.now() - start);
    await page.close();

    start = performance.now();
    const response = await fetch(`${server.url}/api/v1/images/city-map.png?date=${DATE}`);
    await response.arrayBuffer();
    cachedMs.push(performance.now() - start);
  }
} finally {
  await browser.close();
  await server.close();
}
const ratio = median(serverMs) / median(browserMs);
console.log(`city-map PNG 1200×630 (${DATE}), ${RUNS} runs each, median; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
console.log(`  server (figures + SVG + resvg)      ${median(serverMs).toFixed(0)} ms   runs: ${serverMs.map((x) => x.toFixed(0)).join(', ')}`);
console.log(`    of which figures + SVG string      ${median(svgMs).toFixed(0)} ms`);
console.log(`  peer: Chromium screenshot, same SVG ${median(browserMs).toFixed(0)} ms   runs: ${browserMs.map((x) => x.toFixed(0)).join(', ')}`);
console.log(`  ratio ${ratio.toFixed(2)}× (budget ≤ 0.5×: ${ratio <= 0.5 ? 'within budget' : 'OVER BUDGET'})`);
console.log(`  a repeated request (kept render, over HTTP) ${median(cachedMs).toFixed(1)} ms`);
