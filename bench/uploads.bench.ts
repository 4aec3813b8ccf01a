/**
 * Heavy uploads (issue #17 item 2): a real `vungxanh serve` process (compiled, SQLite, no demo)
 * receives, while a client keeps reading the public map (GET /api/v1/levels):
 *
 *  1. the 250-sheet workbook of about 15 MB the issue reported (2.34 GB for 52 s before);
 *  2. ten 15 MB single-sheet case lists sent at once (valid rows, with a free-text notes column
 *     the import ignores), read two at a time by the upload queue, the rest queued.
 *
 * It prints the server's peak memory (VmHWM, the kernel's high-water mark of the process's
 * resident set, reading threads included; and the highest VmRSS sampled every 20 ms), against the
 * budget of 1 GB, and the p99 latency of the map's GETs during the uploads beside the same GETs'
 * p99 with no upload running (the floor), measured in the same run against the same process.
 *
 *   npm run build && npx tsx bench/uploads.bench.ts
 *   BENCH_FLOOR_SECONDS=20 BENCH_UPLOADS=10 npx tsx bench/uploads.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import { createToken } from '../src/store/accounts-store.ts';
import { openStore } from '../src/store/database.ts';
import { freePort } from '../test/support/free-port.ts';
import { rawWorkbook } from '../test/support/raw-workbook.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'vungxanh.js');
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 10);
const FLOOR_SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 15);
const TARGET_BYTES = 15 * 1024 * 1024;
const BUDGET_MB = 1024;
/** A field note's length, and the rows of each of the 250 sheets: together about 15 MB. */
const NOTE_LENGTH = 240;
const ROWS_PER_SHEET = Number(process.env.BENCH_ROWS_PER_SHEET ?? 520);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER = ['STT', 'Mã ca', 'Ngày xác định', 'Phường/Xã', 'Quận/Huyện', 'Nơi phát hiện', 'Nguồn lây', 'Ghi chú'];
const PLACES: Array<[string, string]> = [
  ['Bến Nghé', 'Quận 1'],
  ['Bến Thành', 'Quận 1'],
  ['Phường 12', 'Quận Gò Vấp'],
  ['Bình Hưng Hòa A', 'Quận Bình Tân'],
  ['Phường 9', 'Quận 8'],
];
const SETTINGS = ['Cộng đồng', 'Khu cách ly', 'Khu phong tỏa'];

/** A pseudo-random generator with a seed: the same files every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A field officer's note: words that compress as free text does, about `length` characters. */
function note(next: () => number, length: number): string {
  const words = ['tiếp xúc', 'F1', 'cùng hẻm', 'chợ', 'công ty', 'xét nghiệm lần', 'triệu chứng', 'sốt', 'ho', 'đã cách ly', 'khu trọ', 'số nhà', 'tổ'];
  let text = '';
  while (text.length < length) text += `${words[Math.floor(next() * words.length)]} ${Math.floor(next() * 100000)} `;
  return text.trim();
}

/** Case rows: `count` of them, ids from `prefix`, each with a note of `noteLength` characters. */
function* cases(prefix: string, count: number, noteLength: number, next: () => number): Generator<Array<string | number>> {
  yield HEADER;
  for (let i = 0; i < count; i++) {
    const [ward, district] = PLACES[Math.floor(next() * PLACES.length)];
    const day = 1 + Math.floor(next() * 20);
    yield [
      i + 1,
      `${prefix}-${i}`,
      `${String(day).padStart(2, '0')}/07/2021`,
      ward,
      district,
      SETTINGS[Math.floor(next() * SETTINGS.length)],
      next() < 0.5 ? 'Chưa rõ' : 'Đã rõ',
      note(next, noteLength),
    ];
  }
}

/** The workbook of the report: 250 sheets of case rows, about 15 MB. */
async function manySheets(): Promise<Uint8Array> {
  const next = random(250);
  return rawWorkbook(Array.from({ length: 250 }, (_, s) => ({ name: `Tổ ${s + 1}`, rows: cases(`S${s}`, ROWS_PER_SHEET, NOTE_LENGTH, next) })));
}

/** One sheet of `rows` case rows. */
function oneSheet(prefix: string, rows: number, seed: number): Promise<Uint8Array> {
  return rawWorkbook([{ name: 'Ca bệnh', rows: cases(prefix, rows, NOTE_LENGTH, random(seed)) }]);
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function procStatus(pid: number): { rssMb: number; hwmMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

if (!existsSync(join(ROOT, 'dist', 'src', 'intake', 'validate-worker.js'))) throw new Error('dist/ is missing: run `npm run build` first');

// --- the files ---------------------------------------------------------------------------------
let began = performance.now();
const sheets250 = await manySheets();
const sampleRows = 2000;
const sample = await oneSheet('SAMPLE', sampleRows, 1);
const rowsFor15Mb = Math.round((sampleRows * TARGET_BYTES) / sample.length);
const lists: Uint8Array[] = [];
for (let u = 0; u < UPLOADS; u++) lists.push(await oneSheet(`U${u}`, rowsFor15Mb, 100 + u));
console.log(
  `files: 250-sheet workbook ${mb(sheets250.length)} MB; ${UPLOADS} case lists of ${rowsFor15Mb.toLocaleString('en-GB')} rows, ` +
    `${mb(Math.min(...lists.map((l) => l.length)))}–${mb(Math.max(...lists.map((l) => l.length)))} MB (built in ${((performance.now() - began) / 1000).toFixed(0)} s)`,
);

// --- the server --------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'vx-uploads-'));
const database = `sqlite:${join(dir, 'uploads.sqlite')}`;
const setup = await openStore(database);
await importGeoFiles(setup.db, hcmc2021Files(), 'bench', 'bench');
const { token } = await createToken(setup.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'bench');
await setup.close();

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [CLI, 'serve'], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', VX_DATABASE_URL: database, VX_DEMO: '0', VX_BUS_URL: '', VX_FRESH: '' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
server.stderr!.on('data', (d) => (stderr += d));
const pid = server.pid!;

try {
  began = performance.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`serve exited ${server.exitCode}: ${stderr}`);
    if (
      await fetch(`${base}/api/v1/status`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (performance.now() - began > 120_000) throw new Error(`serve did not answer in 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const idle = procStatus(pid);

  /** The map's reads, one after another by each of `clients` clients, until `stop` says so. */
  async function readMap(stop: () => boolean, clients = 2): Promise<{ ms: number[]; statuses: Map<number, number> }> {
    const ms: number[] = [];
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (!stop()) {
          const t = performance.now();
          const r = await fetch(`${base}/api/v1/levels?kind=ward`);
          await r.arrayBuffer();
          ms.push(performance.now() - t);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      }),
    );
    return { ms, statuses };
  }

  // Sampled often enough to see a spike; VmHWM catches any between samples.
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStatus(pid).rssMb)), 20);

  // --- the floor: the same reads with no upload running ----------------------------------------
  const floorEnd = performance.now() + FLOOR_SECONDS * 1000;
  const floor = await readMap(() => performance.now() > floorEnd);
  const afterFloor = procStatus(pid);

  // --- the uploads, the reads going on meanwhile -----------------------------------------------
  const upload = async (name: string, bytes: Uint8Array) => {
    const fd = new FormData();
    fd.append('kind', 'cases');
    fd.append('file', new Blob([Buffer.from(bytes)], { type: XLSX_TYPE }), name);
    const t = performance.now();
    const r = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fd });
    const body = (await r.json()) as { id?: string; status?: string | number; type?: string };
    return { status: r.status, ms: performance.now() - t, body };
  };
  const job = async (id: string) =>
    (await (await fetch(`${base}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      status: string;
      accepted: number;
      processed: number;
      error: string | null;
    };

  let uploading = true;
  const during = readMap(() => !uploading);
  const loadStart = performance.now();
  const refused = await upload('250-trang.xlsx', sheets250);
  const answers = await Promise.all(lists.map((bytes, u) => upload(`danh-sach-${u + 1}.xlsx`, bytes)));
  const answeredAt = performance.now();
  const finished: Awaited<ReturnType<typeof job>>[] = [];
  for (const a of answers) {
    if (a.status !== 202 || !a.body.id) continue;
    for (;;) {
      const j = await job(a.body.id);
      if (j.status === 'done' || j.status === 'failed' || j.status === 'interrupted') {
        finished.push(j);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  uploading = false;
  const load = await during;
  clearInterval(sampler);
  const end = procStatus(pid);

  const statusCount = (xs: number[]) => [...new Set(xs)].map((s) => `${s}×${xs.filter((x) => x === s).length}`).join(' ');
  const fmt = (m: Map<number, number>) => [...m].map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(
    `machine: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; server idle RSS ${idle.rssMb.toFixed(0)} MB, after the floor ${afterFloor.rssMb.toFixed(0)} MB`,
  );
  console.log(
    `250-sheet workbook: ${refused.status} ${refused.body.type ?? refused.body.status ?? ''} in ${refused.ms.toFixed(0)} ms (issue #17: 2.34 GB for 52 s before)`,
  );
  console.log(
    `${UPLOADS} concurrent uploads: answered ${statusCount(answers.map((a) => a.status))} (${answers.filter((a) => a.body.status === 'queued').length} queued) ` +
      `within ${((answeredAt - loadStart) / 1000).toFixed(1)} s; jobs ${finished.map((j) => j.status).join(',')}; ` +
      `${finished.reduce((n, j) => n + j.accepted, 0).toLocaleString('en-GB')} rows accepted; all done in ${loadSeconds.toFixed(0)} s`,
  );
  for (const j of finished.filter((f) => f.status !== 'done')) console.log(`  job ${j.status}: ${j.error}`);
  console.log(
    `peak server memory: VmHWM ${end.hwmMb.toFixed(0)} MB, highest sampled VmRSS ${peakRss.toFixed(0)} MB (budget < ${BUDGET_MB} MB): ${end.hwmMb < BUDGET_MB ? 'within' : 'OVER'}`,
  );
  console.log(
    `GET /api/v1/levels p99: ${p(load.ms, 0.99).toFixed(0)} ms during the uploads (${load.ms.length} reads, ${fmt(load.statuses)}; p50 ${p(load.ms, 0.5).toFixed(0)} ms, max ${p(load.ms, 1).toFixed(0)} ms) ` +
      `against ${p(floor.ms, 0.99).toFixed(0)} ms with none (floor: ${floor.ms.length} reads in ${FLOOR_SECONDS} s, ${fmt(floor.statuses)}; p50 ${p(floor.ms, 0.5).toFixed(0)} ms)`,
  );
  process.exitCode = end.hwmMb < BUDGET_MB && finished.every((j) => j.status === 'done') ? 0 : 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}
