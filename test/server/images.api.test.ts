import { Resvg } from '@resvg/resvg-js';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { images } from '../../src/app/images.ts';
import { Intake } from '../../src/app/intake/intake.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { writeDemoState } from '../../src/store/demo-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const DATE = '2021-07-14';
const CAMPAIGN = 'hcmc-2021-vung-xanh';

/** Community cases through the real intake: Bến Nghé (26740) on 14 July, Phường 15 of Bình Thạnh (26938) from 10 July, Tân Định (26734) on 30 June. */
const CASES: Array<[unit: string, date: string, count: number]> = [
  ['26734', '2021-06-30', 3],
  ['26740', '2021-07-14', 6],
  ['26938', '2021-07-10', 12],
];

function rows(): RawRow[] {
  const out: RawRow[] = [];
  for (const [unit, date, count] of CASES)
    for (let k = 0; k < count; k++)
      out.push({ index: out.length, values: { id: `IM-${unit}-${date}-${k}`, confirmedDate: date, unit, setting: 'community', sourceKnown: false } });
  return out;
}

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(body: Buffer): { width: number; height: number } {
  expect(body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(body.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
}

describe.each(ENGINES)('images API [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const svgOf = async (url: string): Promise<string> => {
    const response = await get(url);
    expect(response.statusCode, url).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    // resvg parses the SVG as strict XML (roxmltree) and refuses a malformed one.
    expect(() => new Resvg(response.body)).not.toThrow();
    return response.body;
  };

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    await writeDemoState(store.db, { simulated: true });
    // The cases arrive at 17:00 on 14 July, before the day's 18:00 cut…
    let now = new Date('2021-07-14T10:00:00Z');
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => now }));
    const answer = await new Intake(ctx.store, ctx.geography().hierarchy).ingest(
      'cases',
      rows(),
      { actor: 'test', scope: null },
      { channel: 'test', strictFields: true },
    );
    expect(answer.rejected).toEqual([]);
    await ctx.risk.idle();
    // …and the images are asked for at 19:00, the cut due.
    now = new Date('2021-07-14T12:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it.each([
    ['og', 1200, 630],
    ['square', 1080, 1080],
    ['story', 1080, 1920],
  ])('renders the city map as a %s PNG of %ix%i that decodes', async (size, width, height) => {
    const response = await get(`/api/v1/images/city-map.png?date=${DATE}&size=${size}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe(`inline; filename="ban-do-thanh-pho-${DATE}-${size}.png"`);
    expect(pngSize(response.rawPayload)).toEqual({ width, height });
    const decoded = PNG.sync.read(response.rawPayload);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
  });

  it('draws every ward with its level and counts the legend as the levels call answers', async () => {
    const svg = await svgOf(`/api/v1/images/city-map.svg?date=${DATE}`);
    const { levels } = (await get(`/api/v1/levels?kind=ward&date=${DATE}`)).json() as { levels: Record<string, number> };
    const counts = [0, 0, 0, 0];
    for (const level of Object.values(levels)) counts[level]++;
    expect(counts[0]).toBeLessThan(Object.keys(levels).length); // not all green: the counts say something
    for (let level = 0; level < 4; level++) expect(svg).toMatch(new RegExp(`<g data-legend="${level}">.*?>${counts[level]}</text></g>`));
    expect((svg.match(/data-code="/g) ?? []).length).toBe(Object.keys(levels).length);
    expect(svg).toContain('Số liệu đến ');
    expect(svg).toContain('Nguồn: Vùng Xanh — số liệu HCDC');
    expect(svg).toContain('DỮ LIỆU MÔ PHỎNG');
    expect(svg).toContain('Bình thường mới (xanh)');
    expect(svg).toContain('Ngày 14/07/2021');
    // Colour is not the only signal: the levels above green carry their pattern.
    expect(svg).toContain('fill="url(#vx-pattern-3)"');
  });

  it('speaks English with lang=en', async () => {
    const svg = await svgOf(`/api/v1/images/city-map.svg?date=${DATE}&lang=en`);
    expect(svg).toContain('Data as of ');
    expect(svg).toContain('Source: Vùng Xanh — HCDC data');
    expect(svg).toContain('SIMULATED DATA');
    expect(svg).toContain('New normal (green)');
    expect(svg).not.toContain('Số liệu đến');
  });

  it('draws a district with its wards only', async () => {
    const svg = await svgOf(`/api/v1/images/district-map.svg?date=${DATE}&unit=760`);
    const { units: wards } = (await get(`/api/v1/units?parent=760&date=${DATE}`)).json() as { units: Array<{ code: string }> };
    const drawn = [...svg.matchAll(/data-code="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(drawn).toEqual(wards.map((w) => w.code).sort());
    expect(svg).toContain('Quận 1');
  });

  it("carries a unit's level, main reason and path to green as the units route gives them", async () => {
    const svg = await svgOf(`/api/v1/images/unit-card.svg?date=${DATE}&unit=26740`);
    const detail = (await get(`/api/v1/units/26740?date=${DATE}`)).json() as {
      assessment: { stateName: { vi: string }; reasons: Array<{ text: { vi: string } }> };
      pathToGreen: { date: string };
    };
    expect(svg).toContain('Phường Bến Nghé');
    expect(svg).toContain(detail.assessment.stateName.vi);
    // The reason wraps over lines: its first words start a line.
    expect(svg).toContain(detail.assessment.reasons[0].text.vi.split(' ').slice(0, 3).join(' '));
    const [y, m, d] = detail.pathToGreen.date.split('-');
    expect(svg).toContain(`Sớm nhất ngày ${d}/${m}/${y}`);
  });

  it('lists the top ten of a group in the order of the standings', async () => {
    const svg = await svgOf(`/api/v1/images/standings.svg?date=${DATE}&group=ward`);
    const standings = (await get(`/api/v1/campaigns/${CAMPAIGN}/standings?group=ward&date=${DATE}`)).json() as {
      rows: Array<{ name: string; parentName: string }>;
    };
    // Each row names the unit and its district, as the standings list them.
    const names = standings.rows.slice(0, 10).map((r) => `${r.name} · ${r.parentName}`);
    let at = -1;
    for (const name of names) {
      const found = svg.indexOf(name, at);
      expect(found, name).toBeGreaterThan(at);
      at = found;
    }
    expect((svg.match(/data-row="/g) ?? []).length).toBe(10);
    // The cut of 14 July is due at 19:00: the standings are official, and timed at the cut.
    expect(svg).toContain('chính thức');
    expect(svg).toContain('Số liệu đến 18:00 14/07/2021');
  });

  it('charts the share of each level per campaign day, as the progress route counts it', async () => {
    const svg = await svgOf(`/api/v1/images/progress.svg?date=${DATE}`);
    const progress = (await get(`/api/v1/campaigns/${CAMPAIGN}/progress?date=${DATE}`)).json() as {
      citywide: { days: Array<{ date: string; units: { byState: number[] } }> };
    };
    for (const day of progress.citywide.days)
      day.units.byState.forEach((n, level) => {
        const bar = `data-date="${day.date}" data-level="${level}"`;
        if (n > 0) expect(svg, `${day.date} ${level}`).toContain(bar);
        else expect(svg).not.toContain(bar);
      });
    expect(svg).not.toContain('data-date="2021-07-15"'); // days not reached stay empty
    expect(svg).toContain('Mục tiêu: 100% xanh');
  });

  it('makes the A3 poster as a one-page PDF of A3 size', async () => {
    const response = await get(`/api/v1/images/city-map.pdf?date=${DATE}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(response.rawPayload);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([width, height]).toEqual([841.89, 1190.55]);
    // The same poster as a PNG, at print resolution and A3's proportions.
    const png = pngSize((await get(`/api/v1/images/city-map.png?date=${DATE}&size=a3`)).rawPayload);
    expect(png.width).toBe(2339);
    expect(Math.abs(png.height / png.width - 1190.55 / 841.89)).toBeLessThan(0.01);
  });

  it('answers 304 to a client holding the image, and renders a repeated request once', async () => {
    const url = `/api/v1/images/unit-card.png?date=${DATE}&unit=26938&size=square`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"/);
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    const kit = images(ctx);
    const request = { what: 'city-map', format: 'png', size: 'og', lang: 'vi', date: DATE } as const;
    const once = await kit.render(request);
    expect(await kit.render({ ...request })).toBe(once);
  });

  it.each([
    ['/api/v1/images/poster.png', 404, 'what'],
    ['/api/v1/images/city-map.gif', 404, 'format'],
    ['/api/v1/images/city-map.png?size=huge', 400, 'querystring.size'],
    ['/api/v1/images/city-map.png?lang=fr', 400, 'querystring.lang'],
    ['/api/v1/images/city-map.png?date=2021-13-45', 400, 'querystring.date'],
    ['/api/v1/images/city-map.png?date=1999-01-01', 404, 'querystring.date'],
    ['/api/v1/images/unit-card.png', 400, 'querystring.unit'],
    ['/api/v1/images/unit-card.png?unit=99999', 404, 'querystring.unit'],
    ['/api/v1/images/district-map.svg?unit=26740', 404, 'querystring.unit'],
    ['/api/v1/images/standings.png?group=province', 404, 'querystring.group'],
    ['/api/v1/images/standings.png?date=2021-06-01', 404, 'querystring.date'],
    ['/api/v1/images/city-map.pdf?size=og', 400, 'querystring.size'],
  ])('refuses %s with %i naming %s', async (url, status, field) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json() as { errors?: Array<{ field: string }> };
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });
});
