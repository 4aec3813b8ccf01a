/**
 * Start-up benchmark (issue 13): the same product run from TypeScript through tsx (as
 * bin/vungxanh.js did before the build) and compiled (dist/, as it does now), alternated run
 * by run so both see the same load:
 *
 *  - start to first answer: `vungxanh serve` with VX_DEMO=0 on a fresh SQLite file, from spawn
 *    to the first 200 from GET /api/v1/status, and the server's memory (RSS) at that moment;
 *  - an upload's reading thread: from `new Worker` to its first message (the XLSX opened and its
 *    format known), tsx (validate-worker-entry.mjs registering tsx) against validate-worker.js.
 *
 *   npm run build:server && npx tsx bench/startup.bench.ts        # 3 rounds
 *   BENCH_ROUNDS=5 npx tsx bench/startup.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import ExcelJS from 'exceljs';

import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import type { ReaderSetup } from '../src/intake/validate-worker.ts';
import { openStore } from '../src/store/database.ts';
import { loadUnits } from '../src/store/geography-store.ts';
import { freePort } from '../test/support/free-port.ts';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COMPILED_CLI = join(ROOT, 'bin', 'vungxanh.js');
const COMPILED_WORKER = join(ROOT, 'dist', 'src', 'intake', 'validate-worker.js');
const TSX_WORKER = join(ROOT, 'src', 'intake', 'validate-worker-entry.mjs');

const VARIANTS = {
  tsx: { serve: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'vungxanh.ts'), 'serve'], worker: TSX_WORKER },
  compiled: { serve: [COMPILED_CLI, 'serve'], worker: COMPILED_WORKER },
} as const;
type Variant = keyof typeof VARIANTS;

/** Seconds from spawn to the first 200 from /api/v1/status, and the server's RSS then (MB). */
async function serveStart(variant: Variant): Promise<{ seconds: number; rssMb: number }> {
  const port = await freePort();
  const database = `sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-startup-')), 'fresh.sqlite')}`;
  const began = performance.now();
  const child = spawn(process.execPath, VARIANTS[variant].serve, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VX_DATABASE_URL: database, VX_DEMO: '0', VX_BUS_URL: '', VX_FRESH: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant} serve exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/status`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - began > 120_000) throw new Error(`${variant} serve did not answer in 120 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - began) / 1000;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** Seconds from `new Worker` to the reading thread's first message on an XLSX upload. */
async function workerStart(variant: Variant, setup: ReaderSetup): Promise<number> {
  const began = performance.now();
  const worker = new Worker(VARIANTS[variant].worker, { workerData: setup });
  try {
    const first = await new Promise<{ type: string; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (first.type !== 'start') throw new Error(`${variant} worker: ${first.type} ${first.message ?? ''}`);
    return (performance.now() - began) / 1000;
  } finally {
    await worker.terminate();
  }
}

async function xlsxUpload(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ca bệnh');
  ws.addRow(['Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây']);
  for (let i = 0; i < 1000; i++) ws.addRow([`XL${i}`, '10/07/2021', 'Bến Nghé', 'Quận 1', 'Cộng đồng', 'Chưa rõ']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], digits = 1) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)} (median ${median(xs).toFixed(digits)})`;

if (!existsSync(COMPILED_WORKER)) throw new Error('dist/ is missing: run `npm run build:server` first');
const unitStore = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-startup-')), 'units.sqlite')}`);
await importGeoFiles(unitStore.db, { units: hcmc2021Files().units }, 'bench', 'bench');
const units = await loadUnits(unitStore.db);
await unitStore.close();
const setup: ReaderSetup = {
  source: { bytes: await xlsxUpload(), fileName: 'ca-benh.xlsx' },
  kind: 'cases',
  units,
  scope: null,
  today: '2021-07-20',
  batchSize: 2000,
  ahead: 16,
};

const serve: Record<Variant, { seconds: number[]; rssMb: number[] }> = { tsx: { seconds: [], rssMb: [] }, compiled: { seconds: [], rssMb: [] } };
const worker: Record<Variant, number[]> = { tsx: [], compiled: [] };
console.log(
  `start-up, ${ROUNDS} rounds alternating tsx and compiled; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so neither always runs on the machine the other just warmed.
  const order: Variant[] = round % 2 === 0 ? ['tsx', 'compiled'] : ['compiled', 'tsx'];
  for (const variant of order) {
    const s = await serveStart(variant);
    serve[variant].seconds.push(s.seconds);
    serve[variant].rssMb.push(s.rssMb);
    const w = await workerStart(variant, setup);
    worker[variant].push(w);
    console.log(
      `  round ${round + 1} ${variant.padEnd(8)} serve → first 200: ${s.seconds.toFixed(2)} s, RSS ${s.rssMb.toFixed(0)} MB; XLSX reading thread → first message: ${w.toFixed(2)} s`,
    );
  }
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const variant of ['tsx', 'compiled'] as const) {
  console.log(
    `${variant.padEnd(8)} serve → first 200 ${range(serve[variant].seconds)} s; RSS ${range(serve[variant].rssMb, 0)} MB; XLSX reading thread start ${range(worker[variant], 2)} s`,
  );
}
