import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freezeAllDueCuts } from '../../src/app/official-cuts.ts';
import { type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { frozenCutDates, saveCampaign } from '../../src/store/campaign-store.ts';
import { publish } from '../support/campaign-fixture.ts';
import { collect } from '../support/feed.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const ID = 'hcmc-2021-vung-xanh';

/**
 * Levels from 8 July to 15 July for three wards of Quận 1 and the district itself, each day's
 * published at noon local that day; every other unit has no data.
 */
const SERIES = {
  '26734': '33210000', // Tân Định: very high to green on 12 July
  '26737': '00000000', // Đa Kao: green throughout
  '26740': '22222111', // Bến Nghé: high, then risk
  '760': '33322222',
};
const daily = (): PublishedLevel[] => publish(SERIES).map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` }));

describe.each(ENGINES)('campaigns API [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const publications = daily();
  let announced: Array<{ type: string }> = [];

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    await store.db.insertInto('cube_cases').values({ unit_code: '26740', date: '2021-07-10', setting: 'community', source_known: 0, cases: 4 }).execute();
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent' }));
    // These tests feed explicit published levels; start from a server with no level view at all.
    ctx.levelHistory = undefined;
    announced = collect(ctx.feed, 'standings');
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });
  const connectEngine = () => {
    ctx.levelHistory = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
  };

  it('lists campaigns and shows one without needing levels', async () => {
    const list = (await get('/api/v1/campaigns')).json();
    expect(list.campaigns).toHaveLength(1);
    expect(list.campaigns[0]).toMatchObject({
      id: ID,
      name: 'Mở rộng vùng xanh trên bản đồ COVID-19',
      firstDate: '2021-07-09',
      lastDate: '2021-07-23',
      status: 'ended',
      cutTime: '18:00',
    });
    const one = await get(`/api/v1/campaigns/${ID}`);
    expect(one.statusCode).toBe(200);
    // The campaign has ended: every daily cut is due, and readable before anything is frozen.
    const days = Array.from({ length: 15 }, (_, i) => `2021-07-${String(9 + i).padStart(2, '0')}`);
    expect(one.json().cuts).toEqual({ neighbourhood: days, ward: days, district: days });
    const missing = await get('/api/v1/campaigns/khong-co');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it.each(['standings', 'progress', 'candidates'])('answers %s with 503 "levels not available yet" until the engine is connected', async (path) => {
    const response = await get(`/api/v1/campaigns/${ID}/${path}`);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ type: '/problems/levels-unavailable', title: 'Chưa có mức nguy cơ / Levels not available yet', status: 503 });
  });

  it('gives live ward standings on the latest date with levels, no-data wards listed last as unranked', async () => {
    connectEngine();
    const body = (await get(`/api/v1/campaigns/${ID}/standings`)).json();
    expect(body).toMatchObject({ campaign: ID, group: 'ward', date: '2021-07-15', official: false, ranked: 3, total: 312, previousCut: '2021-07-15' });
    expect(body.rows.slice(0, 3).map((r: { unit: string; rank: number }) => [r.unit, r.rank])).toEqual([
      ['26734', 1],
      ['26737', 2],
      ['26740', 3],
    ]);
    expect(body.rows[3]).toMatchObject({ status: 'no_data', rank: null, explanation: { vi: 'Chưa có dữ liệu: không xếp hạng.' } });
    expect(body.rows.find((r: { unit: string }) => r.unit === '26740')).toMatchObject({ communityCases: 4, casesPer100k: 37.62, reduction: 1 });
    expect(body.rows[1].explanation.vi).toBe('Hạng 2/3: sau Phường Tân Định vì giảm ít mức hơn (0 so với 3); mức Bình thường mới, 7 ngày xanh.');
    expect(body.rows[1].heldGreen).toBe(true);
  });

  it('filters to one district, keeping citywide ranks and giving the rank within it', async () => {
    const body = (await get(`/api/v1/campaigns/${ID}/standings?group=ward&parent=760`)).json();
    expect(body.total).toBe(10);
    expect(body.rows.every((r: { parent: string }) => r.parent === '760')).toBe(true);
    expect(body.rows[2]).toMatchObject({ unit: '26740', rank: 3, rankInParent: 3 });
    const district = (await get(`/api/v1/campaigns/${ID}/standings?group=district`)).json();
    expect(district.rows[0]).toMatchObject({ unit: '760', rank: 1, greenShare: { children: 10, units: { baseline: 0.1, current: 0.2, change: 0.1 } } });
  });

  it("gives one unit's place for the map's details panel", async () => {
    const body = (await get(`/api/v1/campaigns/${ID}/standings?group=ward&unit=26740`)).json();
    expect(body).toMatchObject({ ranked: 3, total: 1 });
    expect(body.rows[0]).toMatchObject({ unit: '26740', rank: 3, rankInParent: 3 });
  });

  it('answers a unit key with @ (a 2025 commune the 2021 campaign never ranked) with no row, not a 400', async () => {
    const response = await get(`/api/v1/campaigns/${ID}/standings?group=ward&unit=${encodeURIComponent('26737@2025-07-01')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 0, rows: [] });
  });

  it.each([
    ['group=city', 'group'],
    ['date=2021-07-24', 'date'],
    ['date=24/07/2021', 'querystring.date'],
    ['parent=99999', 'parent'],
    ['format=pdf', 'querystring.format'],
  ])('rejects %s naming the field', async (query, field) => {
    const response = await get(`/api/v1/campaigns/${ID}/standings?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('gives official standings frozen at each cut, announced on the change feed; a correction published later moves live standings but not the cut', async () => {
    // Reading never freezes: before the watcher freezes a due cut, it is computed as freezing will compute it.
    const pending = (await get(`/api/v1/campaigns/${ID}/standings?official=true&date=2021-07-10`)).json();
    expect(announced.filter((m) => m.type === 'standings.cut')).toHaveLength(0);
    expect(await frozenCutDates(store.db, ID)).toEqual(new Map());
    expect(await freezeAllDueCuts(ctx)).toHaveLength(45); // what the campaign watcher does
    await ctx.feed.catchUp();
    expect(announced.filter((m) => m.type === 'standings.cut')).toHaveLength(45); // 15 days × 3 groups
    const cut = (await get(`/api/v1/campaigns/${ID}/standings?official=true&date=2021-07-10`)).json();
    // The same cut, but for when each answer was computed.
    expect({ ...cut, computedAt: null }).toEqual({ ...pending, computedAt: null });
    expect(cut).toMatchObject({
      official: true,
      date: '2021-07-10',
      cutAt: '2021-07-10T11:00:00.000Z',
      previousCut: '2021-07-09',
      levelsAsOf: '2021-07-10T11:00:00.000Z',
    });
    expect(cut.rows.find((r: { unit: string }) => r.unit === '26734')).toMatchObject({ current: 2, rank: 2, previousRank: 3, rankChange: 1 });
    expect((await get(`/api/v1/campaigns/${ID}`)).json().cuts.ward).toHaveLength(15);

    publications.push({ unit: '26734', date: '2021-07-10', level: 3, publishedAt: new Date().toISOString() });
    const again = (await get(`/api/v1/campaigns/${ID}/standings?official=true&date=2021-07-10`)).json();
    // The cut stands; only its note changes: data that arrived after it would move it now.
    expect({ ...again, computedAt: null, backfill: null }).toEqual({ ...cut, computedAt: null, backfill: null });
    expect(cut.backfill.detected).toBe(false);
    expect(again.backfill).toMatchObject({ detected: true, unitsChanged: 2 });
    const live = (await get(`/api/v1/campaigns/${ID}/standings?date=2021-07-10`)).json();
    expect(live.rows.find((r: { unit: string }) => r.unit === '26734')).toMatchObject({ current: 3, rank: 3 });
    expect((await get(`/api/v1/campaigns/${ID}/standings?official=true`)).json().date).toBe('2021-07-23');
    publications.pop();
  });

  it('exports a standings table as CSV and XLSX', async () => {
    const csv = await get(`/api/v1/campaigns/${ID}/standings?parent=760&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="thi-dua-${ID}-ward-2021-07-15-760.csv"`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^Hạng \/ Rank,/);
    expect(lines[1]).toMatch(/^1,1,0,26734,Phường Tân Định,760,Quận 1,Nguy cơ rất cao \/ Very high risk,Bình thường mới \/ New normal,3,12\/07\/2021,4,/);

    const xlsx = await get(`/api/v1/campaigns/${ID}/standings?official=true&date=2021-07-12&format=xlsx`);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thi đua')!;
    expect(String(sheet.getCell('A1').value)).toBe('Mở rộng vùng xanh trên bản đồ COVID-19 — ward — 12/07/2021');
    expect(sheet.getCell('D3').value).toBe('26734');
    expect(sheet.getCell('A3').value).toBe(1);
    expect(sheet.rowCount).toBe(2 + 312);
  });

  it('shows the progress of the map per day against the goal, citywide and per district', async () => {
    const body = (await get(`/api/v1/campaigns/${ID}/progress`)).json();
    expect(body.kind).toBe('ward');
    expect(body.citywide.days).toHaveLength(7);
    expect(body.citywide.days[0]).toMatchObject({ date: '2021-07-09', units: { byState: [1, 0, 1, 1], noData: 309, total: 312 }, goalMet: false });
    expect(body.citywide.goalMetOn).toBeNull();
    expect(body.areas).toHaveLength(22);
    const q1 = body.areas.find((a: { code: string }) => a.code === '760');
    expect(q1.days[6].units.byState).toEqual([2, 1, 0, 0]);
    expect((await get(`/api/v1/campaigns/${ID}/progress?kind=planet`)).statusCode).toBe(400);
  });

  it('lists reward candidates and exports them', async () => {
    const body = (await get(`/api/v1/campaigns/${ID}/candidates?group=ward`)).json();
    expect(body).toMatchObject({ group: 'ward', date: '2021-07-15', provisional: true });
    expect(body.reachedGreen.map((c: { unit: string; greenSince: string }) => [c.unit, c.greenSince])).toEqual([['26734', '2021-07-12']]);
    expect(body.heldGreen.map((c: { unit: string }) => c.unit)).toEqual(['26737']);
    const xlsx = await get(`/api/v1/campaigns/${ID}/candidates?group=ward&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Thi đua')!.getCell('D3').value).toBe('Phường Tân Định');
  });

  it('documents the campaign routes in the OpenAPI document', async () => {
    const paths = Object.keys((await get('/api/v1/openapi.json')).json().paths);
    for (const p of [
      '/api/v1/campaigns',
      '/api/v1/campaigns/{id}',
      '/api/v1/campaigns/{id}/standings',
      '/api/v1/campaigns/{id}/progress',
      '/api/v1/campaigns/{id}/candidates',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
