/**
 * GET /api/v1/levels?kind=ward — the request every open map makes — from the real server
 * (routing, schema, ETag hook, compression cache, over the SQLite store with HCMC 2021's 312
 * wards) beside its floor measured in the same run with the same load: bare Fastify answering
 * the same bytes from memory. Once as a plain client asks (identity), once as a browser does
 * (Accept-Encoding: br; the floor then sends the same brotli bytes). Budget (DESIGN.md §9): at
 * least 50 % of the floor's requests/s, p99 at most 2× the floor's.
 *
 *   npx tsx bench/levels.bench.ts      (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS change the load)
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import Fastify, { type FastifyInstance } from 'fastify';

import { hcmc2021Files, importGeoFiles } from '../src/files/geo-files.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore } from '../src/store/database.ts';
import { load, type LoadResult } from './support/http-load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PATH = '/api/v1/levels?kind=ward';

const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-bench-')), 'bench.sqlite')}`);
await importGeoFiles(store.db, hcmc2021Files(), 'bench');
const { app, ctx } = await buildApp({ store, webRoot: '/nonexistent' });
await ctx.risk.idle();
const real = await listen(app);

// The floor: the same answer's bytes, plain and brotli, as the real server sent them.
const plain = await fetchBytes(real + PATH, {});
const br = await fetchBytes(real + PATH, { 'accept-encoding': 'br' });
if (br.headers.get('content-encoding') !== 'br') throw new Error('the real server did not send brotli');
const floorApp = Fastify();
floorApp.get('/api/v1/levels', async (request, reply) => {
  reply.type('application/json').header('etag', plain.headers.get('etag')).header('cache-control', 'public, max-age=0, must-revalidate');
  if (String(request.headers['accept-encoding'] ?? '').includes('br'))
    return reply.header('content-encoding', 'br').header('vary', 'accept-encoding').send(br.body);
  return reply.send(plain.body);
});
const floor = await listen(floorApp);

const fmt = (ms: number) => ms.toFixed(1);
const line = (label: string, r: LoadResult) =>
  `${label.padEnd(44)} ${Math.round(r.perSecond).toLocaleString('en').padStart(7)} req/s   p50 ${fmt(r.p50).padStart(5)} ms   p99 ${fmt(r.p99).padStart(5)} ms   ${(r.bytes / r.requests / 1024).toFixed(1)} KiB/answer   non-200 ${r.requests - (r.statuses['200'] ?? 0) + r.errors}`;

console.log(
  `GET ${PATH}: ${(plain.body.length / 1024).toFixed(1)} KiB (${(br.body.length / 1024).toFixed(1)} KiB brotli); ${CONNECTIONS} keep-alive connections, ${ROUNDS} rounds of ${SECONDS} s each, medians; Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`,
);
const verdicts: string[] = [];
for (const [name, headers] of [
  ['identity', {}],
  ['brotli', { 'accept-encoding': 'gzip, deflate, br' }],
] as const) {
  // A short warm-up of each, then the floor and the server in turn under the same load, ROUNDS
  // times: on a shared machine the load moves during a run, and taking turns spreads it evenly.
  await load({ url: floor + PATH, headers, connections: CONNECTIONS, seconds: 1 });
  await load({ url: real + PATH, headers, connections: CONNECTIONS, seconds: 1 });
  const floors: LoadResult[] = [];
  const reals: LoadResult[] = [];
  // Which goes first changes each round, so neither always runs in the other's wake.
  for (let round = 0; round < ROUNDS; round++) {
    const pair = [
      async () => floors.push(await load({ url: floor + PATH, headers, connections: CONNECTIONS, seconds: SECONDS })),
      async () => reals.push(await load({ url: real + PATH, headers, connections: CONNECTIONS, seconds: SECONDS })),
    ];
    if (round % 2 === 1) pair.reverse();
    for (const run of pair) await run();
  }
  const f = median(floors);
  const r = median(reals);
  console.log(line(`floor: bare Fastify, same bytes (${name})`, f));
  console.log(line(`Vùng Xanh GET /levels (${name})`, r));
  const ratio = r.perSecond / f.perSecond;
  const p99 = r.p99 / f.p99;
  const met = ratio >= 0.5 && p99 <= 2;
  console.log(
    `  ${name}: ${(ratio * 100).toFixed(0)} % of the floor's requests/s, p99 ${p99.toFixed(2)}× the floor's — budget ≥ 50 %, ≤ 2×: ${met ? 'met' : 'MISSED'}`,
  );
  verdicts.push(met ? 'met' : 'MISSED');
}
console.log(`load average after: ${loadavg()[0].toFixed(1)}`);
await floorApp.close();
await app.close();
await store.close();
if (verdicts.includes('MISSED')) process.exitCode = 1;

/** The round with the median requests/s, its p99 the median p99 of the rounds. */
function median(results: LoadResult[]): LoadResult {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const byRate = [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)];
  return { ...byRate, p50: mid(results.map((r) => r.p50)), p99: mid(results.map((r) => r.p99)) };
}

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function fetchBytes(url: string, headers: Record<string, string>): Promise<{ body: Buffer; headers: Headers }> {
  // node:http, not fetch: fetch would decode the brotli this needs as it was sent.
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ body: Buffer.concat(chunks), headers: h });
      });
    })
      .on('error', reject)
      .end();
  });
}
