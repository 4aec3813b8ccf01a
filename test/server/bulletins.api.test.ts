import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import type { BulletinDto } from '../../src/contract/index.ts';
import type { RawRow } from '../../src/core/cases/validate.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { connectSse } from '../support/sse.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const DATE = '2021-07-14';

/**
 * Community cases through the real intake, graded by the real engine. Tân Định's last case is
 * on 30 June, so it turns green on 14 July; Bến Nghé gets cases on 14 July (its level rises that
 * day); Đa Kao has a known-source case on 5 July; Phường 15 of Bình Thạnh an outbreak from 10 July;
 * Ấp 2 of Phú Mỹ Hưng (Củ Chi) two cases on 12 July.
 */
const CASES: Array<[unit: string, date: string, sourceKnown: boolean, count: number]> = [
  ['26734', '2021-06-30', false, 3],
  ['26737', '2021-07-05', true, 1],
  ['26740', '2021-07-14', false, 6],
  ['26938', '2021-07-10', false, 12],
];

function rows(): RawRow[] {
  const out: RawRow[] = [];
  for (const [unit, date, sourceKnown, count] of CASES)
    for (let k = 0; k < count; k++)
      out.push({ index: out.length, values: { id: `BT-${unit}-${date}-${k}`, confirmedDate: date, unit, setting: 'community', sourceKnown } });
  return out;
}

/** Counts per level of a levels answer, as the bulletin counts them. */
function counts(levels: Record<string, number>, states: number): number[] {
  const out = new Array<number>(states).fill(0);
  for (const level of Object.values(levels)) out[level]++;
  return out;
}

describe.each(ENGINES)('bulletins API [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  let bulletin: BulletinDto;
  const get = (url: string) => app.inject({ method: 'GET', url });
  const json = async <T = Record<string, unknown>>(url: string): Promise<T> => {
    const response = await get(url);
    expect(response.statusCode, url).toBe(200);
    return response.json() as T;
  };

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    // Three ấp of Phú Mỹ Hưng (Củ Chi), far from the other cases: their cases are published in bands (docs/small-numbers.md).
    const list = join(mkdtempSync(join(tmpdir(), 'vx-bt-')), 'ap-phu-my-hung.csv');
    writeFileSync(
      list,
      'Tên khu phố/ấp,Phường/Xã,Quận/Huyện,Dân số\nẤp 1,Phú Mỹ Hưng,Củ Chi,2400\nẤp 2,Phú Mỹ Hưng,Củ Chi,2500\nẤp 3,Phú Mỹ Hưng,Củ Chi,2500\n',
    );
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    // The cases arrive at 17:00 on 14 July in Hồ Chí Minh City, before the day's official cut (18:00)…
    let now = new Date('2021-07-14T10:00:00Z');
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => now }));
    const ap2 = ctx.geography().units.find((u) => u.kind === 'neighbourhood' && u.name === 'Ấp 2')!.code;
    const inAp2: RawRow[] = [0, 1].map((k) => ({
      index: 1000 + k,
      values: { id: `BT-AP2-${k}`, confirmedDate: '2021-07-12', unit: ap2, setting: 'community', sourceKnown: false },
    }));
    const answer = await new Intake(ctx.store, ctx.geography().hierarchy).ingest(
      'cases',
      [...rows(), ...inAp2],
      { actor: 'test', scope: null },
      { channel: 'test', strictFields: true },
    );
    expect(answer.rejected).toEqual([]);
    await ctx.risk.idle();
    // …and the bulletin is read at 19:00, the cut due: its standings are the official ones.
    now = new Date('2021-07-14T12:00:00Z');
    bulletin = await json<BulletinDto>(`/api/v1/bulletins/${DATE}`);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('lists one bulletin per day from the campaign start to today, newest first', async () => {
    const list = await json<{ feed: string; bulletins: Array<{ date: string; href: string; title: { vi: string } }> }>('/api/v1/bulletins');
    expect(list.bulletins.map((b) => b.date)).toEqual(['2021-07-14', '2021-07-13', '2021-07-12', '2021-07-11', '2021-07-10', '2021-07-09']);
    expect(list.bulletins[0]).toMatchObject({ href: '/api/v1/bulletins/2021-07-14', title: { vi: 'Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021' } });
    expect(list.feed).toBe('/api/v1/bulletins.atom');
  });

  it('counts every tier per level exactly as the levels calls it cites answer', async () => {
    expect(bulletin.tiers.map((t) => t.kind)).toEqual(['district', 'ward', 'neighbourhood']);
    expect(bulletin).toMatchObject({ previousDate: '2021-07-13', baselineDate: '2021-07-09', cutAt: '2021-07-14T11:00:00.000Z' });
    const n = bulletin.states.length;
    for (const tier of bulletin.tiers) {
      const today = counts((await json<{ levels: Record<string, number> }>(tier.sources.today)).levels, n);
      const previous = counts((await json<{ levels: Record<string, number> }>(tier.sources.previous!)).levels, n);
      const baseline = counts((await json<{ levels: Record<string, number> }>(tier.sources.baseline!)).levels, n);
      expect(tier.counts.map((c) => c.count)).toEqual(today);
      expect(tier.counts.map((c) => c.previous)).toEqual(previous);
      expect(tier.counts.map((c) => c.baseline)).toEqual(baseline);
      expect(tier.counts.map((c) => c.sinceYesterday)).toEqual(today.map((x, i) => x - previous[i]));
      expect(tier.counts.map((c) => c.sinceStart)).toEqual(today.map((x, i) => x - baseline[i]));
      expect(tier.assessed).toBe(today.reduce((a, b) => a + b, 0));
    }
    // Not all green: the figures say something.
    expect(bulletin.tiers[1].counts[0].count).toBeLessThan(bulletin.tiers[1].assessed);
  });

  it('names the units that turned green as the two days of levels it cites show them', async () => {
    for (const t of bulletin.turnedGreen) {
      const [today, before] = await Promise.all(t.sources.map(async (s) => (await json<{ levels: Record<string, number> }>(s)).levels));
      const expected = Object.keys(today)
        .filter((code) => today[code] === 0 && (before[code] ?? 0) > 0)
        .sort();
      expect(t.units.map((u) => u.code)).toEqual(expected);
    }
    expect(bulletin.turnedGreen.find((t) => t.kind === 'ward')?.units).toContainEqual({ code: '26734', name: 'Phường Tân Định', parentName: 'Quận 1' });
  });

  it('gives the top of each group as its official standings at the cut answer them', async () => {
    expect(bulletin.top.map((g) => g.group)).toEqual(['neighbourhood', 'ward', 'district']);
    // Below the ward, cases are the band the standings publish, never the exact count (2).
    expect(bulletin.top[0].rows.find((r) => r.name === 'Ấp 2')).toMatchObject({ parentName: 'Xã Phú Mỹ Hưng', communityCases: '1–4' });
    for (const g of bulletin.top) {
      expect(g.official).toBe(true);
      expect(g.source).toContain('&official=true');
      const standings = await json<{ ranked: number; cutAt: string; rows: Array<Record<string, unknown>> }>(g.source);
      expect(g.ranked).toBe(standings.ranked);
      expect(g.cutAt).toBe(standings.cutAt);
      const top = standings.rows.filter((r) => r.rank !== null && (r.rank as number) <= 3).slice(0, 3);
      expect(g.rows.length).toBeGreaterThan(0);
      expect(g.rows.map((r) => [r.code, r.rank, r.level, r.reduction, r.daysGreen, r.communityCases])).toEqual(
        top.map((r) => [r.unit, r.rank, r.current, r.reduction, r.daysGreen, r.communityCases]),
      );
    }
  });

  it('watches districts from their levels and their wards, as the calls it cites answer', async () => {
    expect(bulletin.watch.length).toBeGreaterThan(0);
    const severe = bulletin.states.length - 2;
    for (const w of bulletin.watch) {
      const [areaLevels, childLevels, units] = [w.sources[0], w.sources[w.sources.length - 2], w.sources[w.sources.length - 1]];
      expect(w.level).toBe((await json<{ levels: Record<string, number> }>(areaLevels)).levels[w.code]);
      if (w.rose) expect(w.previousLevel).toBe((await json<{ levels: Record<string, number> }>(w.sources[1])).levels[w.code]);
      const levels = (await json<{ levels: Record<string, number> }>(childLevels)).levels;
      const wards = (await json<{ units: Array<{ code: string }> }>(units)).units.filter((u) => levels[u.code] !== undefined);
      expect(w.children).toBe(wards.length);
      expect(w.severeChildren).toBe(wards.filter((u) => levels[u.code] >= severe).length);
    }
    // Quận 1: Bến Nghé's cases of today.
    expect(bulletin.watch.map((w) => w.code)).toContain('760');
  });

  it('writes Markdown in Vietnamese and English, each figure a link to its source', async () => {
    const vi = await get(`/api/v1/bulletins/${DATE}.md`);
    expect(vi.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(vi.body).toContain('**Bản tin ngày 14/07/2021:** Theo bản đồ mức độ nguy cơ COVID-19, toàn Thành phố có [');
    expect(vi.body).toContain(`](/api/v1/levels?kind=ward&date=${DATE})`);
    expect(vi.body).toContain('Theo bảng xếp hạng chính thức của phong trào “Mở rộng vùng xanh trên bản đồ COVID-19” chốt lúc 18:00 ngày 14/07/2021:');
    expect(vi.body).toContain('Phường Tân Định (Quận 1)');
    const en = await get(`/api/v1/bulletins/${DATE}.md?lang=en`);
    expect(en.body).toContain('# COVID-19 green-zone map bulletin, 14/07/2021');
    expect(en.body).toContain('**Bulletin of 14/07/2021:** On the COVID-19 risk map, [');
    expect(vi.headers.etag).toBeDefined();
    expect((await app.inject({ method: 'GET', url: `/api/v1/bulletins/${DATE}.md`, headers: { 'if-none-match': vi.headers.etag as string } })).statusCode).toBe(
      304,
    );
  });

  it('makes a DOCX that opens, with the issuing body, the title and the English version', async () => {
    const response = await get(`/api/v1/bulletins/${DATE}.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toBe('attachment; filename="ban-tin-2021-07-14.docx"');
    const zip = await JSZip.loadAsync(response.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const text of [
      'ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH',
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Thành phố Hồ Chí Minh, ngày 14 tháng 7 năm 2021',
      'Bản tin bản đồ vùng xanh COVID-19 ngày 14/07/2021',
      'COVID-19 green-zone map bulletin, 14/07/2021',
      `/api/v1/levels?kind=ward&amp;date=${DATE}`,
    ]) {
      expect(xml).toContain(text);
    }
  });

  it('serves an Atom feed, one entry per day, with id, updated, title, link and content', async () => {
    const response = await get('/api/v1/bulletins.atom');
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const body = response.body;
    expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(true);
    const entries = body.split('<entry>').slice(1);
    expect(entries).toHaveLength(6);
    for (const entry of entries) {
      expect(entry).toMatch(/<id>urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/id>/);
      expect(entry).toMatch(/<updated>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z<\/updated>/);
      expect(entry).toMatch(/<title>Bản tin bản đồ vùng xanh COVID-19 ngày \d{2}\/07\/2021 \/ /);
      expect(entry).toMatch(/<link rel="alternate" type="text\/html" href="\/ban-tin\?date=2021-07-\d{2}"\/>/);
      expect(entry).toContain('<content type="html">&lt;h2 lang=&quot;vi&quot;&gt;');
    }
    // Ids are stable: the same day has the same id in a second reading.
    expect((await get('/api/v1/bulletins.atom')).body.match(/<id>[^<]+<\/id>/g)).toEqual(body.match(/<id>[^<]+<\/id>/g));
  });

  it('documents its calls in the OpenAPI document', async () => {
    const spec = await json<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
    expect(
      Object.keys(spec.paths)
        .filter((p) => p.startsWith('/api/v1/bulletins'))
        .sort(),
    ).toEqual(['/api/v1/bulletins', '/api/v1/bulletins.atom', '/api/v1/bulletins/{date}', '/api/v1/bulletins/{date}.docx', '/api/v1/bulletins/{date}.md']);
  });

  // Last: it sends more cases.
  it("announces on the live stream that the day's bulletin changed when new cases change its levels", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const sse = await connectSse(`http://127.0.0.1:${port}/api/v1/stream`);
    try {
      await sse.next('hello');
      const before = bulletin.tiers[1].counts;
      // Xã Thạnh An (Cần Giờ), an island commune green until now: an unknown-source case on 14 July.
      const answer = await new Intake(ctx.store, ctx.geography().hierarchy).ingest(
        'cases',
        [{ index: 0, values: { id: 'BT-late', confirmedDate: DATE, unit: '27676', setting: 'community', sourceKnown: false } }],
        { actor: 'test', scope: null },
        { channel: 'test', strictFields: true },
      );
      expect(answer.rejected).toEqual([]);
      const event = await sse.next('bulletin', 15_000);
      expect(event.data).toEqual({ type: 'bulletin.changed', from: DATE, date: DATE, href: `/api/v1/bulletins/${DATE}` });
      // It rides with the levels entry that changed the day: a client coming back replays both.
      expect(sse.events.find((e) => e.event === 'levels')).toBeDefined();
      await ctx.risk.idle();
      const after = await json<BulletinDto>(`/api/v1/bulletins/${DATE}`);
      // Thạnh An and its neighbours (the neighbour rule) leave green; the bulletin follows its source.
      const levels = (await json<{ levels: Record<string, number> }>(after.tiers[1].sources.today)).levels;
      expect(levels['27676']).toBeGreaterThan(0);
      expect(after.tiers[1].counts[0].count).toBeLessThan(before[0].count);
      expect(after.tiers[1].counts.map((c) => c.count)).toEqual(counts(levels, after.states.length));
    } finally {
      sse.close();
    }
  });

  it.each([
    [`/api/v1/bulletins/14-07-2021`, 400],
    [`/api/v1/bulletins/2021-02-30.md`, 400],
    [`/api/v1/bulletins/2021-13-01.docx`, 400],
    [`/api/v1/bulletins/2021-07-15`, 404],
    [`/api/v1/bulletins/2021-07-08.md`, 404],
    [`/api/v1/bulletins/2021-07-14.md?lang=fr`, 400],
  ])('answers %s with a %i problem naming the field', async (url, status) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = (response.json().errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields.some((f) => f.endsWith(url.includes('lang=') ? 'lang' : 'date'))).toBe(true);
  });
});
