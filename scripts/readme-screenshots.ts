/**
 * The README's screenshots of the demo: the map (docs/screenshots/map.png) and the "Thi đua"
 * standings page (docs/screenshots/thi-dua.png, when web/campaign.html exists), in headless
 * Chromium, from a server started exactly as `npm start` starts it, on a fresh temporary database.
 *
 *   npm run build:web && npx tsx scripts/readme-screenshots.ts [--url http://127.0.0.1:8080]
 *
 * With --url it photographs a server that is already running instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launchBrowser } from '../test/support/browser.ts';
import { freePort } from '../test/support/free-port.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');

async function startDemo(): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('web app not built: run `npm run build:web` first');
  const port = await freePort();
  const database = `sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-shots-')), 'demo.sqlite')}`;
  const child = spawn('node', [join(root, 'bin', 'vungxanh.js'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VX_DATABASE_URL: database, VX_DEMO: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d) => {
      process.stdout.write(d);
      text += d;
      if (text.includes('Vùng Xanh: http')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const urlArg = process.argv.indexOf('--url');
const given = urlArg >= 0 ? process.argv[urlArg + 1] : null;
const server = given ? { url: given, child: null } : await startDemo();
mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('#sim-banner:not([hidden])', { timeout: 10_000 });
  await page.waitForTimeout(2_000); // levels painted, tiles settled
  await page.screenshot({ path: join(out, 'map.png') });
  console.log(`wrote ${join(out, 'map.png')}`);
  if (existsSync(join(root, 'web', 'campaign.html'))) {
    await page.goto(`${server.url}/campaign.html`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2_000);
    await page.screenshot({ path: join(out, 'thi-dua.png') });
    console.log(`wrote ${join(out, 'thi-dua.png')}`);
  } else {
    console.log('web/campaign.html is not there yet: no thi-dua.png');
  }
} finally {
  await browser.close();
  server.child?.kill('SIGTERM');
}
