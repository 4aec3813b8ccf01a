import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createToken } from '../../src/store/accounts-store.ts';
import { type RunningServer, startServer } from '../support/server.ts';
import { connectSse } from '../support/sse.ts';
import { ENGINES } from '../support/stores.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain node:http GET (fetch would decompress and hide the encoding this checks). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const TODAY = () => new Date('2021-07-20T03:00:00Z');

/** Every public GET the map, the campaign page and an API reader use. */
const PUBLIC_GETS = [
  '/api/v1/units?kind=ward',
  '/api/v1/units/26740',
  '/api/v1/levels?kind=ward',
  '/api/v1/levels/dates',
  '/api/v1/geo/ward.geojson',
  '/api/v1/assessments/26740?from=2021-07-01&to=2021-07-20',
  '/api/v1/cases/window?date=2021-07-20',
  '/api/v1/cases/daily/26740?from=2021-07-01&to=2021-07-20',
  '/api/v1/rulebooks',
  '/api/v1/risk-factors',
  '/api/v1/overrides',
  '/api/v1/campaigns',
];

describe.each(ENGINES)('caching and compression of every public GET [%s]', (engine) => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer(engine, { now: TODAY });
    token = (await createToken(server.ctx.store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    await server.ctx.risk.idle();
  });
  afterAll(async () => server?.close());

  it.each(PUBLIC_GETS)('%s: public, tagged, 304 when the client holds it', async (path) => {
    const first = await get(server.url + path);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(/^public/);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(server.url + path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // A different tag is a different answer: the whole body again.
    const stale = await get(server.url + path, { 'if-none-match': '"something-else"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(first.body)).toBe(true);
  });

  it('the campaign pages’ answers are tagged too', async () => {
    const { campaigns } = JSON.parse((await get(`${server.url}/api/v1/campaigns`)).body.toString());
    const id = campaigns[0].id as string;
    for (const path of [`/api/v1/campaigns/${id}`, `/api/v1/campaigns/${id}/standings?group=ward`, `/api/v1/campaigns/${id}/progress`]) {
      const answer = await get(server.url + path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.etag, path).toBeDefined();
      expect((await get(server.url + path, { 'if-none-match': answer.headers.etag as string })).status, path).toBe(304);
    }
    // The standings as CSV are compressed; as a workbook (already a zip), not.
    const csv = await get(`${server.url}/api/v1/campaigns/${id}/standings?group=ward&format=csv`, { 'accept-encoding': 'br' });
    expect(csv.headers['content-encoding']).toBe('br');
    const xlsx = await get(`${server.url}/api/v1/campaigns/${id}/standings?group=ward&format=xlsx`, { 'accept-encoding': 'br' });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-encoding']).toBeUndefined();
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('sends brotli or gzip as the client accepts, the same bytes once decoded, under one ETag', async () => {
    for (const path of ['/api/v1/units?kind=ward', '/api/v1/geo/ward.geojson', '/api/v1/levels?kind=ward']) {
      const plain = await get(server.url + path);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      const br = await get(server.url + path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers.vary, path).toMatch(/accept-encoding/i);
      expect(br.body.length, path).toBeLessThan(plain.body.length / 3);
      expect(brotliDecompressSync(br.body).equals(plain.body), path).toBe(true);
      const gzip = await get(server.url + path, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(plain.body), path).toBe(true);
      expect(new Set([plain.headers.etag, br.headers.etag, gzip.headers.etag]).size, path).toBe(1);
    }
    // A client refusing brotli (q=0) gets gzip.
    expect((await get(`${server.url}/api/v1/units?kind=ward`, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
  });

  it('sends the web app’s JavaScript compressed (made at build time) and its pages too', async () => {
    const page = await get(`${server.url}/`, { 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(page.body).toString();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const plain = await get(server.url + script);
    const br = await get(server.url + script, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toMatch(/max-age=3600/);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await get(server.url + script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it('keeps a signed-in caller’s answer out of every cache', async () => {
    const answer = await get(`${server.url}/api/v1/rejects`, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('private, no-store');
    expect(answer.headers.etag).toBeUndefined();
  });

  it('leaves the live stream uncompressed and streaming to a client that accepts brotli', async () => {
    const raw = await new Promise<{ headers: Record<string, string | string[] | undefined>; first: string; close: () => void }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/api/v1/stream?lastEventId=0`,
        { headers: { accept: 'text/event-stream', 'accept-encoding': 'br, gzip' } },
        (res) => {
          res.once('data', (chunk: Buffer) => resolve({ headers: res.headers, first: chunk.toString(), close: () => req.destroy() }));
          res.on('error', () => {});
        },
      );
      req.on('error', reject);
      req.end();
    });
    raw.close();
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(raw.headers['cache-control']).toBe('no-cache, no-transform');
    expect(raw.first).toMatch(/^(event|id|:|retry)/m);
    // And an ordinary client (fetch, which asks for brotli) reads its events as they are sent.
    const sse = await connectSse(`${server.url}/api/v1/stream`);
    try {
      expect((await sse.next('hello', 10_000)).event).toBe('hello');
    } finally {
      sse.close();
    }
  });
});
