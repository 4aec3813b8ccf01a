import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { writeDemoState } from '../../src/store/demo-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #20 item 4, embeds (docs/embeds.md): /embed/{code} as a card and as a map, in Vietnamese
 * and English, from the same levels and reasons as the API; framing allowed there alone (the app
 * keeps refusing it); a strict policy otherwise; ETag and 304; a 404 page or problem; 400 on a bad
 * view or language; figures below the ward in bands; the simulated-data notice when it applies.
 *
 * Phường Tân Định (26734, Quận 1 = 760) holds three khu phố; on 10 July, 6 community cases of
 * unknown source in Khu phố 2 raise the ward and the khu phố above green.
 */
const WARD = '26734';
const DISTRICT = '760';
const TODAY = new Date('2021-07-14T05:00:00Z');

describe.each(ENGINES)('embeds [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const codes: Record<string, string> = {};
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const html = async (url: string) => {
    const r = await get(url);
    expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    return r;
  };
  /** The text a reader sees: tags dropped, entities of the names decoded. */
  const text = (body: string) =>
    body
      .replace(/<title>[^<]*<\/title>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    const list = join(mkdtempSync(join(tmpdir(), 'vx-embed-')), 'khu-pho.csv');
    writeFileSync(
      list,
      'Tên khu phố/ấp,Phường/Xã,Quận/Huyện,Dân số\nKhu phố 1,Tân Định,Quận 1,4200\nKhu phố 2,Tân Định,Quận 1,3900\nKhu phố 3,Tân Định,Quận 1,5100\n',
    );
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    for (const u of await store.db.selectFrom('units').select(['code', 'name']).where('kind', '=', 'neighbourhood').execute()) codes[u.name] = u.code;
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => TODAY }));
    const { token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const cases = Array.from({ length: 6 }, (_, i) => ({
      id: `KP2-${i}`,
      confirmedDate: '2021-07-10',
      ward: 'Phường Tân Định',
      district: 'Quận 1',
      neighbourhood: 'Khu phố 2',
      setting: 'community',
      sourceKnown: false,
    }));
    const sent = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: cases });
    expect(sent.json(), sent.body).toMatchObject({ accepted: cases.length });
    const wardLevel = async () => (await get(`/api/v1/units/${WARD}`)).json().assessment?.level ?? 0;
    for (let i = 0; i < 300 && (await wardLevel()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await wardLevel()).toBeGreaterThan(0);
    await ctx.risk.idle();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('shows a ward’s card: its name, level name and colour, date, main reasons and a link to the full map, as the API states them', async () => {
    const unit = (await get(`/api/v1/units/${WARD}`)).json();
    const { assessment } = unit;
    expect(assessment.level).toBeGreaterThan(0);
    const r = await html(`/embed/${WARD}`);
    const seen = text(r.body);
    expect(r.body).toContain('<html lang="vi">');
    expect(seen).toContain('Phường Tân Định');
    expect(seen).toContain('Quận 1');
    expect(seen).toContain(`Mức độ ${assessment.stateName.vi}`);
    expect(r.body).toContain(`fill="${assessment.colour}"`);
    expect(r.body).toContain(`data-level="${assessment.level}"`);
    expect(seen).toContain('Ngày 14/07/2021');
    expect(seen).toContain(assessment.reasons[0].text.vi);
    // The level is named and hatched, never colour alone; the link opens the map at the unit, elsewhere.
    expect(r.body).toContain(`fill="url(#vx-p${assessment.level})"`);
    expect(r.body).toMatch(/<a href="http:\/\/localhost(:80)?\/\?unit=26734" target="_blank" rel="noopener">Xem trên bản đồ Vùng Xanh/);
    expect(r.body).not.toMatch(/<script|style=/);

    const en = await html(`/embed/${WARD}?lang=en`);
    const seenEn = text(en.body);
    expect(en.body).toContain('<html lang="en">');
    expect(seenEn).toContain(`Level ${assessment.stateName.en}`);
    expect(seenEn).toContain('Date 14/07/2021');
    expect(seenEn).toContain(assessment.reasons[0].text.en);
    expect(seenEn).toContain('See on the Vùng Xanh map');
    expect(en.body).toContain('/?unit=26734&amp;lang=en"');
  });

  it('shows a named day, and links to the map on that day', async () => {
    const then = (await get(`/api/v1/units/${WARD}?date=2021-07-11`)).json().assessment;
    const r = await html(`/embed/${WARD}?date=2021-07-11`);
    expect(text(r.body)).toContain('Ngày 11/07/2021');
    expect(text(r.body)).toContain(`Mức độ ${then.stateName.vi}`);
    expect(text(r.body)).toContain(then.reasons[0].text.vi);
    expect(r.body).toContain('/?unit=26734&amp;date=2021-07-11"');
    // Before the first day with data there is no level to show, and the card says so.
    const early = await html(`/embed/${WARD}?date=2021-07-01`);
    expect(text(early.body)).toContain('Chưa có đánh giá cho ngày này.');
    expect(text(early.body)).toContain('Ngày 01/07/2021');
  });

  it('draws a district’s wards coloured by the published levels, with a legend naming each level shown', async () => {
    const levels = (await get('/api/v1/levels?kind=ward&date=2021-07-14')).json().levels;
    const wards = (await get(`/api/v1/units?kind=ward&parent=${DISTRICT}`)).json().units as Array<{ code: string; name: string }>;
    expect(wards.length).toBeGreaterThan(5);
    const r = await html(`/embed/${DISTRICT}?view=map`);
    expect(r.body).toMatch(/<svg class="vx-map" viewBox="0 0 400 \d+" role="img" aria-labelledby="vx-map-title">/);
    expect(r.body).toContain('Bản đồ mức độ nguy cơ của Quận 1 ngày 14/07/2021');
    const books = (await get('/api/v1/rulebooks')).json().rulebooks.find((b: { id: string }) => b.id === 'vn-2686');
    for (const ward of wards) {
      expect(r.body, ward.name).toContain(
        `<g data-code="${ward.code}" data-level="${levels[ward.code]}"><title>${ward.name}: ${books.states[levels[ward.code]].name.vi}</title>`,
      );
    }
    // Colour is never alone: a raised ward is hatched with its level's pattern, a green one is not.
    const group = (code: string) => r.body.match(new RegExp(`<g data-code="${code}".*?</g>`))![0];
    expect(levels[WARD]).toBeGreaterThan(0);
    expect(group(WARD)).toContain(`fill="url(#vx-p${levels[WARD]})"`);
    const green = wards.find((w) => levels[w.code] === 0)!;
    expect(group(green.code)).not.toContain('url(#vx-p');
    const legend = r.body.match(/<ul class="vx-legend">(.*?)<\/ul>/)![1];
    expect(text(legend)).toContain(books.states[0].name.vi);
    expect(text(legend)).toContain(books.states[levels[WARD]].name.vi);
    // The same in English; the map is data, the words change.
    const en = await html(`/embed/${DISTRICT}?view=map&lang=en`);
    expect(en.body).toContain('Risk level map of Quận 1 on 14/07/2021');
    expect(text(en.body.match(/<ul class="vx-legend">(.*?)<\/ul>/)![1])).toContain(books.states[0].name.en);
  });

  it('draws a ward with its khu phố over it; a khu phố’s card shows its figures in bands', async () => {
    const r = await html(`/embed/${WARD}?view=map`);
    for (const code of [WARD, codes['Khu phố 1'], codes['Khu phố 2'], codes['Khu phố 3']]) expect(r.body).toContain(`<g data-code="${code}"`);
    const kp2 = (await get(`/api/v1/units/${codes['Khu phố 2']}`)).json().assessment;
    expect(kp2.level).toBeGreaterThan(0);
    const card = await html(`/embed/${codes['Khu phố 2']}`);
    const seen = text(card.body);
    expect(seen).toContain('Khu phố 2');
    expect(seen).toContain(kp2.reasons[0].text.vi);
    expect(seen).toContain('5–9');
    expect(seen).not.toMatch(/\b6 ca\b/);
    expect(seen).toContain('Số liệu dưới cấp phường được công bố theo khoảng.');
  });

  it('may be framed by any site while the app refuses framing; a strict policy otherwise; ETag and 304', async () => {
    const r = await html(`/embed/${WARD}?view=map`);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers['x-frame-options']).toBeUndefined();
    const css = await get('/embed/embed.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(String(css.headers['content-security-policy'])).toContain('frame-ancestors *');
    for (const url of ['/api/v1/status', `/api/v1/units/${WARD}`, '/embedded']) {
      const app = await get(url);
      expect(String(app.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
      expect(app.headers['x-frame-options'], url).toBe('DENY');
    }
    expect(r.headers.etag).toMatch(/^"/);
    expect(r.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const again = await get(`/embed/${WARD}?view=map`, { 'if-none-match': String(r.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('answers an unknown code with a 404 page (or a problem when asked), a bad view or language with 400 naming the field', async () => {
    const page = await get('/embed/99999999');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(text(page.body)).toContain('Không tìm thấy đơn vị');
    expect(String(page.headers['content-security-policy'])).toContain('frame-ancestors *');
    const en = await get('/embed/99999999?lang=en');
    expect(text(en.body)).toContain('Unit not found');
    const problem = await get('/embed/99999999', { accept: 'application/problem+json' });
    expect(problem.statusCode).toBe(404);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    expect(problem.json()).toMatchObject({ status: 404, detail: 'no unit with code 99999999' });
    for (const [query, field] of [
      ['view=table', 'querystring.view'],
      ['lang=fr', 'querystring.lang'],
      ['date=14-07-2021', 'querystring.date'],
    ]) {
      const bad = await get(`/embed/${WARD}?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(
        bad.json().errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
    expect((await get('/embed/%3Cscript%3E')).statusCode).toBe(400);
  });

  it('carries the simulated-data notice when the data is simulated, in the reader’s language', async () => {
    expect(text((await html(`/embed/${WARD}`)).body)).not.toContain('Dữ liệu mô phỏng');
    await writeDemoState(store.db, { simulated: true });
    try {
      expect(text((await html(`/embed/${WARD}`)).body)).toContain('Dữ liệu mô phỏng — không phải số liệu thật');
      expect(text((await html(`/embed/${DISTRICT}?view=map&lang=en`)).body)).toContain('Simulated data — not real figures');
    } finally {
      await writeDemoState(store.db, { simulated: false });
    }
  });
});
