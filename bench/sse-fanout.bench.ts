/**
 * Live fan-out benchmark (issue 14): a real server process (`vungxanh serve`, SQLite, no demo),
 * a data officer posting one ward's daily count at a time at a steady rate (each one turning the
 * ward's level over), and N SSE clients on /api/v1/stream. For every report, the time from its
 * POST being sent to each client receiving the `levels` event that names its ward: p50/p99/max
 * with 1,000 clients printed beside the same with one client.
 * The clients and the writer run in this process, the server in its own.
 *
 *   npm run build && npx tsx bench/sse-fanout.bench.ts
 *   BENCH_CLIENTS=200 BENCH_RATE=50 BENCH_SECONDS=10 npx tsx bench/sse-fanout.bench.ts
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', 'bin', 'vungxanh.js');
const MANY = Number(process.env.BENCH_CLIENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 147);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

interface Arrival {
  id: number;
  at: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cli(database: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, '--database', database, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vungxanh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function startServer(database: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, '--database', database, 'serve', '--port', String(port)], {
    env: { ...process.env, VX_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready:\n${out}`)), 120_000);
    const check = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Vùng Xanh: http')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
  });
  return child;
}

/** One SSE client: records the arrival of every `levels` event by id; the first client also keeps each event's units. */
function connect(port: number, arrivals: Arrival[], units: Map<number, string[]> | null): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/stream', agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let split;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          if (!block.includes('event: levels')) continue;
          const id = Number(/^id: (\d+)$/m.exec(block)?.[1]);
          arrivals.push({ id, at: Date.now() });
          if (units) units.set(id, Object.keys((JSON.parse(/^data: (.*)$/m.exec(block)![1]) as { levels: object }).levels));
        }
      });
      resolve(request);
    });
    request.on('error', reject);
  });
}

async function run(clients: number): Promise<{ samples: number[]; writes: number; failed: number; events: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vx-sse-'));
  const database = `sqlite:${join(dir, 'db.sqlite')}`;
  cli(database, 'geo', 'import', '--hcmc-2021');
  cli(database, 'user', 'add', 'bench', '--role', 'data_officer', '--scope', '79');
  // The token is printed alone on the last line.
  const token = cli(database, 'token', 'create', '--role', 'data_officer', '--scope', '79', '--user', 'bench').trim().split('\n').at(-1)!;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = await startServer(database, port);
  try {
    const wards = ((await (await fetch(`http://127.0.0.1:${port}/api/v1/units?kind=ward`)).json()) as { units: Array<{ code: string }> }).units
      .map((u) => u.code)
      .slice(0, 300);
    const units = new Map<number, string[]>();
    const arrivals: Arrival[][] = [];
    const requests: http.ClientRequest[] = [];
    for (let c = 0; c < clients; c++) {
      const list: Arrival[] = [];
      arrivals.push(list);
      requests.push(await connect(port, list, c === 0 ? units : null));
    }
    // Writes: one case each, ward after ward, at RATE per second.
    const sent: Array<{ ward: string; at: number }> = [];
    let failed = 0;
    const total = Math.round(RATE * SECONDS);
    const began = Date.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = began + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // Each report turns its ward's level over: 3 unknown-source community cases (high), then
      // none (back down), so every write changes a level and is announced (a report that changes
      // no level is not, by design).
      const ward = wards[i % wards.length];
      const count = Math.floor(i / wards.length) % 2 === 0 ? 3 : 0;
      const body = JSON.stringify([{ unit: ward, date: '2021-07-20', setting: 'community', sourceKnown: false, count }]);
      const at = Date.now();
      sent.push({ ward, at });
      inFlight.push(
        fetch(`http://127.0.0.1:${port}/api/v1/counts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        })
          .then(async (r) => {
            await r.arrayBuffer();
            if (r.status !== 200) failed++;
          })
          .catch(() => void failed++),
      );
    }
    await Promise.all(inFlight);
    await new Promise((r) => setTimeout(r, 4000));
    for (const r of requests) r.destroy();

    // Which writes each event delivered: those of its wards sent before it first arrived, not delivered earlier.
    const first = new Map<number, number>();
    for (const list of arrivals) for (const a of list) if (!first.has(a.id) || a.at < first.get(a.id)!) first.set(a.id, a.at);
    const delivered = new Map<number, number[]>();
    const pending = new Map<string, number[]>();
    let next = 0;
    for (const [id, at] of [...first].sort((a, b) => a[0] - b[0])) {
      while (next < sent.length && sent[next].at <= at) {
        const s = sent[next++];
        pending.set(s.ward, [...(pending.get(s.ward) ?? []), s.at]);
      }
      const times: number[] = [];
      for (const ward of units.get(id) ?? []) {
        times.push(...(pending.get(ward) ?? []));
        pending.delete(ward);
      }
      delivered.set(id, times);
    }
    const samples: number[] = [];
    for (const list of arrivals) for (const a of list) for (const t of delivered.get(a.id) ?? []) samples.push(a.at - t);
    samples.sort((a, b) => a - b);
    return { samples, writes: total, failed, events: first.size };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `SSE fan-out: ${RATE} reports/s for ${SECONDS} s, one ward's count per POST; report → levels event at each client (load average ${loadavg()[0].toFixed(1)})`,
);
const rows: string[] = [];
for (const clients of [1, MANY]) {
  const r = await run(clients);
  rows.push(
    `| ${clients} | ${r.writes} | ${r.failed} | ${r.events} | ${r.samples.length} | ${percentile(r.samples, 50)} | ${percentile(r.samples, 99)} | ${r.samples.at(-1)} |`,
  );
  console.log(rows.at(-1));
}
console.log('\n| clients | reports sent | non-200 | levels events | deliveries measured | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`load average after: ${loadavg()[0].toFixed(1)}`);
