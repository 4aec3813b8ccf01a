import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import type { FastifyInstance } from 'fastify';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { stateToken } from '../../src/app/share.ts';
import { type KeyRing, memoryKeyRing } from '../../src/app/signing-keys.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { svgToPng } from '../../src/render/images/rasterise.ts';
import { buildApp, DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { writeDemoState } from '../../src/store/demo-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const DATE = '2021-07-14';

/** Community cases through the real intake: Bến Nghé (26740) on 14 July, Phường 15 of Bình Thạnh (26938) from 10 July. */
function rows(): RawRow[] {
  const out: RawRow[] = [];
  for (const [unit, date, count] of [
    ['26740', '2021-07-14', 6],
    ['26938', '2021-07-10', 12],
  ] as const)
    for (let k = 0; k < count; k++)
      out.push({ index: out.length, values: { id: `VF-${unit}-${date}-${k}`, confirmedDate: date, unit, setting: 'community', sourceKnown: false } });
  return out;
}

/** A PNG re-encoded as a social network does: JPEG at quality 70. */
function asJpeg70(png: Buffer): Buffer {
  const decoded = PNG.sync.read(png);
  return Buffer.from(jpeg.encode({ data: decoded.data, width: decoded.width, height: decoded.height }, 70).data);
}

/** The legend's counts of an image's SVG: bold figures anchored at their column's end. */
function legendCounts(svg: string): number[] {
  return [...svg.matchAll(/font-weight="bold" fill="[^"]+" text-anchor="end">(\d+)<\/text>/g)].map((m) => Number(m[1]));
}

/** A multipart form of one file (and optionally the file's signature). */
function form(file: Buffer, type: string, signature?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----vx-verify-test';
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="banner"\r\ncontent-type: ${type}\r\n\r\n`),
    file,
    Buffer.from('\r\n'),
  ];
  if (signature) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="signature"\r\n\r\n${signature}\r\n`));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(ENGINES)('share and verify [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  let ring: KeyRing & { rotate(): void };
  const get = (url: string) => app.inject({ method: 'GET', url });
  const verifyFile = (file: Buffer, type = 'image/jpeg', signature?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/verify', ...form(file, type, signature) });

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    await writeDemoState(store.db, { simulated: true });
    ring = memoryKeyRing();
    let now = new Date('2021-07-14T10:00:00Z');
    if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error('web app not built: run `npm run build:web` (npm test does)');
    ({ app, ctx } = await buildApp({ store, now: () => now, signing: ring }));
    const answer = await new Intake(ctx.store, ctx.geography().hierarchy).ingest(
      'cases',
      rows(),
      { actor: 'test', scope: null },
      { channel: 'test', strictFields: true },
    );
    expect(answer.rejected).toEqual([]);
    await ctx.risk.idle();
    now = new Date('2021-07-14T12:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('publishes the signing keys at a stable URL', async () => {
    const response = await get('/.well-known/vungxanh-signing-keys.json');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ algorithm: string; keys: Array<{ id: string; current: boolean; publicKeyPem: string; publicKeyRaw: string }> }>();
    expect(body.algorithm).toBe('Ed25519');
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ current: true });
    expect(body.keys[0].publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(Buffer.from(body.keys[0].publicKeyRaw, 'base64url')).toHaveLength(32);
    expect((await get('/api/v1/signing-keys')).json()).toEqual(body);
    const spec = (await get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/signing-keys', '/api/v1/verify']));
  });

  it('reads the QR code of a city map re-encoded as JPEG at quality 70, and names its official state and rendering', async () => {
    const png = await get(`/api/v1/images/city-map.png?date=${DATE}`);
    expect(png.statusCode).toBe(200);
    const shortPath = String(png.headers['x-vungxanh-short-url']);
    expect(shortPath).toMatch(/^\/v\/[A-Za-z0-9_-]{90,130}$/);
    const response = await verifyFile(asJpeg70(png.rawPayload));
    expect(response.statusCode, response.body).toBe(200);
    const verdict = response.json();
    expect(verdict).toMatchObject({
      verdict: 'official',
      state: { what: 'city-map', size: 'og', lang: 'vi', date: DATE, subject: '' },
      currentPosition: ctx.feed.position,
      // The image kept as drawn for its state, served under its token.
      rendering: { svg: `/api/v1/share/renderings/${shortPath.slice(3)}.svg`, kept: true },
      originalFile: null,
    });
    // The image names the feed's position it was drawn at (PostgreSQL's follower may have moved on since).
    expect(verdict.state.position).toBeGreaterThan(0);
    expect(verdict.state.position).toBeLessThanOrEqual(ctx.feed.position);
    expect(verdict.rendering.current).toBe(verdict.state.position === ctx.feed.position);
    expect(verdict.readFrom).toMatch(/^qr/);
    expect(verdict.shortUrl).toBe(`http://localhost:80${shortPath}`);
    // The square post too.
    const square = await get(`/api/v1/images/city-map.png?date=${DATE}&size=square&lang=en`);
    expect((await verifyFile(asJpeg70(square.rawPayload))).json()).toMatchObject({ verdict: 'official', state: { size: 'square', lang: 'en' } });
  });

  it('exposes an image whose numbers were edited under the same QR code: the official rendering shows other numbers', async () => {
    const official = (await get(`/api/v1/images/city-map.svg?date=${DATE}`)).body;
    const counts = legendCounts(official);
    expect(counts.length).toBeGreaterThan(1);
    // The doctored banner: every legend count changed, the QR code kept.
    const doctored = official.replace(
      /(font-weight="bold" fill="[^"]+" text-anchor="end">)(\d+)(<\/text>)/g,
      (_m, a: string, n: string, b: string) => `${a}${Number(n) + 7}${b}`,
    );
    const edited = legendCounts(doctored);
    const png = await svgToPng(doctored);
    const response = await verifyFile(asJpeg70(png));
    expect(response.statusCode, response.body).toBe(200);
    const verdict = response.json<{ verdict: string; rendering: { svg: string } }>();
    expect(verdict.verdict).toBe('official');
    const rendering = (await get(verdict.rendering.svg)).body;
    expect(legendCounts(rendering)).toEqual(counts);
    expect(legendCounts(rendering)).not.toEqual(edited);
  });

  it('refuses a forged signature, a token that does not read, and a state the feed never reached', async () => {
    const png = await get(`/api/v1/images/unit-card.png?date=${DATE}&unit=26740`);
    const token = String(png.headers['x-vungxanh-short-url']).slice(3);
    const bytes = Buffer.from(token, 'base64url');
    bytes[bytes.length - 10] ^= 0x01; // one bit of the signature
    const forged = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: `http://x/v/${bytes.toString('base64url')}` } });
    expect(forged.statusCode).toBe(422);
    expect(forged.json()).toMatchObject({ type: expect.stringContaining('/problems/signature-invalid'), errors: [{ field: 'url' }] });
    // A state's field changed (the date), the signature kept: refused the same.
    const state = Buffer.from(token, 'base64url');
    state[state.length - 64 - 3 - 6] ^= 0x01;
    expect((await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: state.toString('base64url') } })).statusCode).toBe(422);
    const garbage = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: 'https://example.org/v/not-a-token-at-all-xyz' } });
    expect(garbage.statusCode).toBe(422);
    // Signed with the deployment's own key, but beyond its change feed.
    const beyond = stateToken(ring, { position: ctx.feed.position + 1000, what: 'city-map', size: 'og', lang: 'vi', date: DATE, subject: '' });
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: `/v/${beyond}` } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      type: expect.stringContaining('/problems/state-not-found'),
      detail: expect.stringContaining(String(ctx.feed.position + 1000)),
    });
    // A picture without a QR code, and a file that is no picture.
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    expect((await verifyFile(PNG.sync.write(blank), 'image/png')).json()).toMatchObject({ status: 422, type: expect.stringContaining('/problems/no-qr-code') });
    expect((await verifyFile(Buffer.from('not a picture'), 'text/plain')).statusCode).toBe(422);
    // A PNG whose header claims 50,000 × 50,000 pixels is refused before it is inflated.
    const huge = PNG.sync.write(blank);
    huge.writeUInt32BE(50_000, 16);
    huge.writeUInt32BE(50_000, 20);
    expect((await verifyFile(huge, 'image/png')).json()).toMatchObject({ status: 422, errors: [{ field: 'file' }] });
    // Bad requests name their field; none is a 5xx.
    expect((await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: 42 } })).json()).toMatchObject({
      status: 400,
      errors: [{ field: 'url' }],
    });
    expect((await app.inject({ method: 'POST', url: '/api/v1/verify', payload: {} })).statusCode).toBe(400);
    expect((await get(`/v/${'A'.repeat(300)}`)).statusCode).toBeLessThan(500);
    expect((await get('/don-vi/%3Cscript%3E')).headers.location).toBe('/');
  });

  it('says "original file" for bytes that match their own signature, and refuses them edited', async () => {
    const png = await get(`/api/v1/images/standings.png?date=${DATE}`);
    expect(png.statusCode, png.body).toBe(200);
    const header = String(png.headers['x-vungxanh-signature']);
    expect(header).toMatch(/^keyid=[A-Za-z0-9_-]{8}; sig=[A-Za-z0-9_-]{86}$/);
    const sidecar = await get(`/api/v1/images/standings.png.sig?date=${DATE}`);
    expect(sidecar.body.trim()).toBe(header);
    const original = await verifyFile(png.rawPayload, 'image/png', sidecar.body);
    expect(original.json()).toMatchObject({ verdict: 'original-file', originalFile: { keyId: header.slice(6, 14) } });
    const changed = asJpeg70(png.rawPayload);
    expect((await verifyFile(changed, 'image/jpeg', header)).statusCode).toBe(422);
  });

  it('still verifies an image signed before a key rotation', async () => {
    const before = await get(`/api/v1/images/progress.png?date=${DATE}`);
    const token = String(before.headers['x-vungxanh-short-url']);
    ring.rotate();
    const keys = (await get('/api/v1/signing-keys')).json<{ keys: Array<{ id: string; current: boolean }> }>().keys;
    expect(keys.map((k) => k.current)).toEqual([false, true]);
    const response = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: token } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ verdict: 'official', key: { id: keys[0].id, current: false } });
    // What is drawn now names the new key.
    const after = await get(`/api/v1/images/progress.png?date=${DATE}&lang=en`);
    expect(String(after.headers['x-vungxanh-signature'])).toContain(`keyid=${keys[1].id}`);
  });

  it('serves the pages with Open Graph tags whose image is an absolute 1200×630 PNG: the city map, or the unit card for a unit', async () => {
    const tagsOf = (html: string) =>
      Object.fromEntries([...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)" \/>/g)].map((m) => [m[1], m[2].replaceAll('&amp;', '&')]));
    for (const [url, image, title] of [
      ['/', '/api/v1/images/city-map.png', 'Bản đồ mức nguy cơ'],
      ['/?unit=26740', '/api/v1/images/unit-card.png?unit=26740', 'Bến Nghé'],
      ['/don-vi/26740', '/api/v1/images/unit-card.png?unit=26740', 'Bến Nghé'],
      ['/ban-tin', '/api/v1/images/city-map.png', 'Bản tin'],
      ['/campaign.html', '/api/v1/images/city-map.png', 'thi đua'],
      ['/du-lieu.html', '/api/v1/images/city-map.png', 'Dữ liệu mở'],
      ['/nhung.html', '/api/v1/images/city-map.png', 'Nhúng'],
      ['/verify', '/api/v1/images/city-map.png', 'Kiểm chứng'],
    ]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
      const tags = tagsOf(page.body);
      expect(tags['og:image'], url).toBe(`http://localhost:80${image}`);
      expect(tags['twitter:card']).toBe('summary_large_image');
      expect(tags['twitter:image']).toBe(tags['og:image']);
      expect(tags['og:title']).toContain(title);
      expect(tags['og:url']).toMatch(/^http:\/\/localhost:80\//);
      expect(tags['og:description'].length).toBeGreaterThan(20);
      const picture = await get(tags['og:image'].slice('http://localhost:80'.length));
      expect(picture.headers['content-type']).toBe('image/png');
      const png = PNG.sync.read(picture.rawPayload);
      expect([png.width, png.height]).toEqual([1200, 630]);
    }
    // A browser following the unit's share URL goes on to the map, opened on the unit.
    expect((await get('/don-vi/26740')).body).toContain('<meta http-equiv="refresh" content="0; url=/?unit=26740" />');
  });

  it('signs the bulletin: JSON, Markdown and DOCX carry its short URL and QR code, which verify', async () => {
    const bulletin = await get(`/api/v1/bulletins/${DATE}`);
    expect(bulletin.statusCode, bulletin.body).toBe(200);
    const share = bulletin.json<{ share: Record<'vi' | 'en', { url: string; qr: string }> }>().share;
    expect(share.vi.url).toMatch(/^http:\/\/localhost:80\/v\/[A-Za-z0-9_-]+$/);
    const qr = await get(share.vi.qr);
    expect(qr.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    // The QR code's own picture reads back as the short URL.
    const pixels = new Resvg(qr.body).render();
    const reread = await verifyFile(Buffer.from(pixels.asPng()), 'image/png');
    expect(reread.json()).toMatchObject({
      verdict: 'official',
      state: { what: 'bulletin', lang: 'vi', date: DATE },
      rendering: { page: `/ban-tin?date=${DATE}&lang=vi` },
    });
    expect(reread.json<{ shortUrl: string }>().shortUrl).toBe(share.vi.url);
    const markdown = await get(`/api/v1/bulletins/${DATE}.md?lang=en`);
    expect(markdown.body).toContain(`Verify this bulletin: <${share.en.url}>`);
    // The Markdown kept as downloaded: its printed URL names the state, its own signature makes it the original.
    const kept = await verifyFile(markdown.rawPayload, 'text/markdown', String(markdown.headers['x-vungxanh-signature']));
    expect(kept.json()).toMatchObject({ verdict: 'original-file', readFrom: 'text', state: { what: 'bulletin', lang: 'en' } });
    const edited = Buffer.from(markdown.body.replace(/\d+/, '999'), 'utf8');
    expect((await verifyFile(edited, 'text/markdown', String(markdown.headers['x-vungxanh-signature']))).statusCode).toBe(422);
    const docx = await get(`/api/v1/bulletins/${DATE}.docx`);
    expect(docx.statusCode).toBe(200);
    expect(String(docx.headers['x-vungxanh-signature'])).toMatch(/^keyid=[A-Za-z0-9_-]{8}; sig=/);
    // An SVG image kept as downloaded verifies from the URL printed in it.
    const svg = await get(`/api/v1/images/city-map.svg?date=${DATE}&size=square`);
    expect((await verifyFile(svg.rawPayload, 'image/svg+xml', String(svg.headers['x-vungxanh-signature']))).json()).toMatchObject({
      verdict: 'original-file',
      readFrom: 'text',
    });
    // A QR code drawn for a token this deployment did not sign is refused.
    expect((await get(`/api/v1/share/qr.svg?t=${'A'.repeat(100)}`)).statusCode).toBe(422);
  });

  it('shows the image as published after the data moved on and changed its numbers: the kept rendering, not today’s drawing', async () => {
    const published = await get(`/api/v1/images/city-map.png?date=${DATE}&size=square`);
    const token = String(published.headers['x-vungxanh-short-url']).slice(3);
    const before = legendCounts((await get(`/api/v1/images/city-map.svg?date=${DATE}&size=square`)).body);
    // Later the same day: community cases of unknown source in Tân Định (26734) change the map of 14 July.
    const later: RawRow[] = Array.from({ length: 5 }, (_, k) => ({
      index: k,
      values: { id: `VF-LATE-${k}`, confirmedDate: DATE, unit: '26734', setting: 'community', sourceKnown: false },
    }));
    expect(
      (await new Intake(ctx.store, ctx.geography().hierarchy).ingest('cases', later, { actor: 'test', scope: null }, { channel: 'test', strictFields: true }))
        .rejected,
    ).toEqual([]);
    await ctx.risk.idle();
    const today = legendCounts((await get(`/api/v1/images/city-map.svg?date=${DATE}&size=square`)).body);
    expect(today).not.toEqual(before);

    const verdict = (await verifyFile(asJpeg70(published.rawPayload))).json();
    expect(verdict).toMatchObject({ verdict: 'official', token, rendering: { kept: true, current: false } });
    const kept = await get(verdict.rendering.svg);
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['cache-control']).toContain('immutable');
    expect(legendCounts(kept.body)).toEqual(before);
    const keptPng = await get(verdict.rendering.png);
    expect(PNG.sync.read(keptPng.rawPayload)).toMatchObject({ width: 1080, height: 1080 });
    // A state signed here but never drawn (a bulletin's) has nothing kept; a forged token is refused.
    const bulletin = stateToken(ring, { position: 1, what: 'bulletin', size: 'og', lang: 'vi', date: DATE, subject: '' });
    expect((await get(`/api/v1/share/renderings/${bulletin}.svg`)).json()).toMatchObject({ status: 404, type: expect.stringContaining('rendering-not-kept') });
    expect((await get(`/api/v1/share/renderings/${'A'.repeat(100)}.png`)).statusCode).toBe(422);
  });

  it('sends a scanned short URL to /verify', async () => {
    const response = await get('/v/abc_DEF-123');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/verify?t=abc_DEF-123');
  });
});
