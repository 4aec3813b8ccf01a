import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freezeAllDueCuts } from '../../src/app/official-cuts.ts';
import { BACKFILL_MESSAGE } from '../../src/core/campaign/cut-backfill.ts';
import { type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { appendChange, readChanges } from '../../src/store/change-feed-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { publish } from '../support/campaign-fixture.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const ID = 'hcmc-2021-vung-xanh';
const CUT_DATE = '2021-07-10';
const CUT = `/api/v1/campaigns/${ID}/cuts/ward/${CUT_DATE}`;
const OFFICIAL = `/api/v1/campaigns/${ID}/standings?group=ward&date=${CUT_DATE}&official=true`;

/** Three wards of Quận 1 from 8 July, each day's levels published at noon local that day. */
const SERIES = { '26734': '3333333', '26737': '2222222', '26740': '2111111' };

describe.each(ENGINES)('official cuts overtaken by backfilled data, and corrected cuts [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const publications: PublishedLevel[] = publish(SERIES).map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` }));
  const tokens: Record<string, string> = {};
  let originalRow: unknown;

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent' }));
    ctx.levelHistory = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
    // 20 July, noon: the cuts up to 19 July are due; the watcher freezes them.
    ctx.now = () => new Date('2021-07-20T05:00:00Z');
    await freezeAllDueCuts(ctx);
    ctx.now = () => new Date('2021-08-01T05:00:00Z');
    const token = async (role: 'admin' | 'analyst', scope: string) => (await createToken(store.db, { label: `${role} ${scope}`, role, scope }, 'test')).token;
    tokens.cityAdmin = await token('admin', '79');
    tokens.districtAdmin = await token('admin', '760');
    tokens.analyst = await token('analyst', '79');
    originalRow = await cutRow();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });
  const correct = (payload: unknown, token: string | null = tokens.cityAdmin, url = `${CUT}/corrections`) =>
    app.inject({ method: 'POST', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as object });
  const cutRow = () =>
    store.db
      .selectFrom('campaign_cuts')
      .selectAll()
      .where('campaign_id', '=', ID)
      .where('group_kind', '=', 'ward')
      .where('cut_date', '=', CUT_DATE)
      .executeTakeFirstOrThrow();
  const row = (body: { rows: Array<{ unit: string }> }, unit: string) => body.rows.find((r) => r.unit === unit);

  it('reports no backfill while nothing arrived after the cut', async () => {
    const cut = await get(CUT);
    expect(cut.statusCode).toBe(200);
    expect(cut.json()).toMatchObject({ group: 'ward', date: CUT_DATE, frozen: true, cutAt: '2021-07-10T11:00:00.000Z', corrections: [] });
    expect(cut.json().backfill).toMatchObject({ detected: false, unitsChanged: 0, message: { vi: '', en: '' } });
    expect((await get(OFFICIAL)).json()).toMatchObject({ official: true, correction: null, backfill: { detected: false }, corrections: [] });
  });

  it("makes the cut say so when a case for its date arrives after it, with the 'as known now' standings differing beside it", async () => {
    // On 11 July a community case of 10 July reaches the cube, and the engine republishes Bến Nghé's 10 July level.
    await store.db.insertInto('cube_cases').values({ unit_code: '26740', date: CUT_DATE, setting: 'community', source_known: 0, cases: 1 }).execute();
    publications.push({ unit: '26740', date: CUT_DATE, level: 3, publishedAt: '2021-07-11T02:00:00.000Z' });

    const official = (await get(OFFICIAL)).json();
    expect(official.backfill).toMatchObject({ detected: true, message: BACKFILL_MESSAGE });
    expect(official.backfill.unitsChanged).toBeGreaterThanOrEqual(1);
    expect(official.backfill.units).toContainEqual({ unit: '26740', rankThen: 1, rankNow: 3, levelThen: 1, levelNow: 3 });
    expect(official.backfill.message.vi).toBe(
      "Dữ liệu của ngày này đến sau giờ chốt: bảng chốt chính thức giữ nguyên; xem bảng 'theo dữ liệu hiện có' bên cạnh.",
    );
    // The official cut stands as frozen.
    expect(row(official, '26740')).toMatchObject({ rank: 1, current: 1, communityCases: 0 });

    const now = (await get(official.backfill.asKnownNow)).json();
    expect(now).toMatchObject({ official: false, date: CUT_DATE, previousCut: CUT_DATE });
    // As known now: the case counts and the level moves, ranks measured against the official cut.
    expect(row(now, '26740')).toMatchObject({ rank: 3, current: 3, communityCases: 1, previousRank: 1, rankChange: -2 });
    expect((await get(CUT)).json().backfill).toEqual(official.backfill);
  });

  it.each([
    ['without a token', null, { reason: 'x' }, 401],
    ['from an analyst', 'analyst', { reason: 'x' }, 403],
    ['from the admin of one district', 'districtAdmin', { reason: 'x' }, 403],
    ['without a reason', 'cityAdmin', {}, 400],
    ['with a blank reason', 'cityAdmin', { reason: '   ' }, 400],
    ['with a reason over 2000 characters', 'cityAdmin', { reason: 'x'.repeat(2001) }, 400],
  ])('refuses a correction %s', async (_label, who, body, status) => {
    const response = await correct(body, who === null ? null : tokens[who]);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (status === 400) expect(JSON.stringify(response.json().errors)).toContain('reason');
  });

  it.each([
    ['an unknown campaign', `/api/v1/campaigns/khong-co/cuts/ward/${CUT_DATE}/corrections`, 404],
    ['a group that does not compete', `/api/v1/campaigns/${ID}/cuts/city/${CUT_DATE}/corrections`, 400],
    ['a date outside the campaign', `/api/v1/campaigns/${ID}/cuts/ward/2021-07-30/corrections`, 400],
    ['a cut due but not frozen yet', `/api/v1/campaigns/${ID}/cuts/ward/2021-07-21/corrections`, 409],
  ])('refuses a correction of %s', async (_label, url, status) => {
    const response = await correct({ reason: 'dữ liệu bổ sung' }, tokens.cityAdmin, url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('stores a corrected cut with its reason beside the original, which stays as it was; audited and announced', async () => {
    const reason = 'CDC gửi bổ sung ca cộng đồng ngày 10/07 sau giờ chốt';
    const response = await correct({ reason });
    expect(response.statusCode).toBe(201);
    const { correction } = response.json();
    expect(correction).toMatchObject({ number: 1, reason, issuedBy: 'admin', issuedAt: '2021-08-01T05:00:00.000Z' });
    expect(JSON.stringify(response.json())).not.toMatch(/token:|user:/);
    expect(response.headers.location).toBe(correction.href);

    expect(await cutRow()).toEqual(originalRow);
    const cut = (await get(CUT)).json();
    expect(cut.corrections).toEqual([correction]);
    expect(cut.backfill.detected).toBe(true);
    const original = (await get(OFFICIAL)).json();
    expect(row(original, '26740')).toMatchObject({ rank: 1, current: 1 });
    expect(original.corrections).toEqual([correction]);
    const corrected = (await get(correction.href)).json();
    expect(corrected).toMatchObject({ official: true, date: CUT_DATE, correction, levelsAsOf: '2021-08-01T05:00:00.000Z' });
    expect(row(corrected, '26740')).toMatchObject({ rank: 3, current: 3, communityCases: 1 });

    const log = await store.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('action', '=', 'campaign.cut.correct').execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0].detail)).toMatchObject({ campaign: ID, group: 'ward', date: CUT_DATE, number: 1, reason });
    const feed = (await readChanges(store.db, 0)).filter((c) => c.kind === 'standings').map((c) => c.payload);
    expect(feed).toContainEqual({ type: 'standings.corrected', campaign: ID, group: 'ward', date: CUT_DATE, number: 1 });
  });

  it('refuses a second correction that would say the same, and numbers the next one that does not', async () => {
    const same = await correct({ reason: 'lần nữa' });
    expect(same.statusCode).toBe(409);
    expect(same.json().detail).toContain('số 1');
    publications.push({ unit: '26737', date: CUT_DATE, level: 0, publishedAt: '2021-07-25T02:00:00.000Z' });
    const second = await correct({ reason: 'Đa Kao điều chỉnh mức' });
    expect(second.statusCode).toBe(201);
    expect(second.json().correction.number).toBe(2);
    expect((await get(CUT)).json().corrections.map((c: { number: number }) => c.number)).toEqual([1, 2]);
    expect(await cutRow()).toEqual(originalRow);
  });

  it('answers 404 for a corrected cut that does not exist, and 400 for one asked without a date', async () => {
    const missing = await get(`${OFFICIAL}&correction=9`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors[0].field).toBe('querystring.correction');
    const noDate = await get(`/api/v1/campaigns/${ID}/standings?group=ward&official=true&correction=1`);
    expect(noDate.statusCode).toBe(400);
  });

  it('keeps a comparison until the change feed moves: a case written with its feed entry is seen at the next request', async () => {
    // The "as known now" view the engine hands out stays one object until it publishes again.
    const now = publishedLevelHistory('vn-2686', VN_2686_STATES, publications);
    ctx.levelHistory = async (rulebook, asOf) => (asOf ? publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf) : now);
    const url = `/api/v1/campaigns/${ID}/cuts/district/2021-07-12`;
    expect((await get(url)).json().backfill).toMatchObject({ detected: false, unitsChanged: 0 });
    await writeTransaction(store.db, async (tx) => {
      await tx.insertInto('cube_cases').values({ unit_code: '760', date: '2021-07-12', setting: 'community', source_known: 0, cases: 3 }).execute();
      await appendChange(tx, 'cube', { units: ['760'], from: '2021-07-12', to: '2021-07-12' });
    });
    expect((await get(url)).json().backfill).toMatchObject({ detected: true, unitsChanged: 1, units: [{ unit: '760' }] });
  });
});
