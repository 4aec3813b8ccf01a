import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import type { Store } from '../../src/store/database.ts';
import { CAMPAIGN } from '../support/campaign-fixture.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #18 item 2 (docs/accounts.md): a steering committee reads the dashboard of its own units
 * only — its children's levels and changes, the units that worsened, those closest to green and
 * what holds them, cases and tests, freshness, its place in the standings — with exact figures.
 */
describe.each(ENGINES)('the committee dashboard [%s]', (engine) => {
  let app: FastifyInstance;
  let ctx: AppContext;
  let store: Store & { dispose(): Promise<void> };
  const tokens: Record<string, string> = {};
  const PASSWORD = 'chị Lan ở Tân Định 2021';
  const get = (url: string, token: string | null, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const dashboard = async (code: string, token: string | null = tokens.q1) => {
    const r = await get(`/api/v1/dashboard/${code}`, token);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    const dir = mkdtempSync(join(tmpdir(), 'vx-dash-'));
    writeFileSync(
      join(dir, 'khu-pho.csv'),
      'code,name,kind,parent_code,population,valid_from\n26734-1,Khu phố 1,neighbourhood,26734,3100,2021-01-01\n26734-2,Khu phố 2,neighbourhood,26734,3000,2021-01-01\n',
    );
    await importGeoFiles(store.db, { units: join(dir, 'khu-pho.csv') }, 'test', 'test');
    await saveCampaign(store.db, CAMPAIGN, 'test', 'test');
    await addUser(store.db, { name: 'lan', password: PASSWORD, roles: [{ role: 'committee', scope: '760' }] }, 'test');
    tokens.q1 = (await createToken(store.db, { label: 'q1', role: 'committee', scope: '760' }, 'test')).token;
    tokens.q1viewer = (await createToken(store.db, { label: 'q1-viewer', role: 'viewer', scope: '760' }, 'test')).token;
    tokens.thuDuc = (await createToken(store.db, { label: 'thu-duc', role: 'committee', scope: '769' }, 'test')).token;
    tokens.city = (await createToken(store.db, { label: 'city', role: 'committee', scope: '79' }, 'test')).token;
    tokens.officer = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    // Today is 18/07/2021 in the city.
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-18T03:00:00Z') }));
    const send = async (url: string, rows: unknown[]) => {
      const r = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens.officer}` }, payload: rows });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().rejected).toEqual([]);
    };
    // Phường Bến Nghé: three community cases of unknown source on 05/07, high until they leave the window on 19/07.
    // Khu phố 1 of Phường Tân Định: three more today, so it and its ward worsen since yesterday.
    await send('/api/v1/cases', [
      ...[1, 2, 3].map((i) => ({ id: `BN${i}`, confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: false })),
      ...[1, 2, 3].map((i) => ({ id: `TD${i}`, confirmedDate: '2021-07-18', unit: '26734-1', setting: 'community', sourceKnown: false })),
    ]);
    await send('/api/v1/tests', [{ unit: '26740', date: '2021-07-17', tested: 120, positive: 3 }]);
    await ctx.risk.idle();
  });
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it("shows a district committee its wards today, against yesterday and the campaign's start", async () => {
    const body = await dashboard('760');
    expect(body.unit).toMatchObject({ code: '760', name: 'Quận 1', kind: 'district' });
    expect(body).toMatchObject({
      date: '2021-07-18',
      yesterday: '2021-07-17',
      campaign: { id: CAMPAIGN.id, firstDate: '2021-07-09', baselineDate: '2021-07-08' },
    });
    expect(body.breadcrumbs).toEqual([]); // nothing above her scope
    expect(body.children).toHaveLength(10);
    const benNghe = body.children.find((c: { code: string }) => c.code === '26740');
    expect(benNghe).toMatchObject({
      name: 'Phường Bến Nghé',
      today: 2,
      yesterday: 2,
      baseline: 2,
      sinceYesterday: 0,
      sinceStart: 0,
      cases14: 3,
      greenOn: '2021-07-19',
    });
    const tanDinh = body.children.find((c: { code: string }) => c.code === '26734');
    expect(tanDinh).toMatchObject({ yesterday: 0, baseline: 0, cases14: 3, hasChildren: true });
    expect(tanDinh.today).toBeGreaterThan(0);
    expect(tanDinh.sinceYesterday).toBe(tanDinh.today);
    // Counts per level add up to the wards, today as yesterday.
    expect(body.counts.today.reduce((a: number, b: number) => a + b, 0)).toBe(10);
    expect(body.counts.yesterday[2]).toBe(1);
    expect(body.counts.today[0]).toBe(body.children.filter((c: { today: number }) => c.today === 0).length);
  });

  it('lists the units that worsened anywhere below, and those closest to green with what holds them', async () => {
    const body = await dashboard('760');
    expect(body.worsened.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['26734', '26734-1']));
    expect(body.worsened.find((w: { code: string }) => w.code === '26734-1')).toMatchObject({ parentName: 'Phường Tân Định', yesterday: 0 });
    expect(body.worsened.some((w: { code: string }) => w.code === '26740')).toBe(false);
    const near = body.closestToGreen.find((c: { code: string }) => c.code === '26740');
    expect(near).toMatchObject({ level: 2, greenOn: '2021-07-19' });
    expect(near.holding[0].text.vi).toMatch(/3 ca cộng đồng/);
    expect(body.closestToGreen.length).toBeLessThanOrEqual(5);
    expect(body.closestToGreen.every((c: { level: number }) => c.level > 0)).toBe(true);
  });

  it('gives cases and tests over time, how fresh the data is, and the place in the standings', async () => {
    const body = await dashboard('760');
    const days = Object.fromEntries(body.series.map((d: { date: string }) => [d.date, d]));
    expect(body.series.at(-1).date).toBe('2021-07-18');
    expect(days['2021-07-05']).toMatchObject({ community: 3, other: 0 });
    expect(days['2021-07-18']).toMatchObject({ community: 3 });
    expect(days['2021-07-17']).toMatchObject({ tested: 120, positive: 3 });
    expect(body.freshness).toMatchObject({ lastCaseDate: '2021-07-18', lastTestDate: '2021-07-17' });
    expect(body.freshness.lastCaseReceivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.freshness.lastTestReceivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.standing).toMatchObject({ campaign: CAMPAIGN.id, group: 'district', date: '2021-07-18', ranked: 22, inParent: 22 });
    expect(body.standing.rank).toBeGreaterThanOrEqual(1);
    // A ward ranks within its district too; the Thủ Đức wards have no case at all.
    const ward = await dashboard('26740');
    expect(ward.standing).toMatchObject({ group: 'ward', inParent: 10 });
    expect((await dashboard('26800', tokens.thuDuc)).freshness).toEqual({
      lastCaseDate: null,
      lastTestDate: null,
      lastCaseReceivedAt: null,
      lastTestReceivedAt: null,
    });
  });

  it('drills down within the scope, with breadcrumbs back up to its top', async () => {
    const ward = await dashboard('26734');
    expect(ward.breadcrumbs).toEqual([{ code: '760', name: 'Quận 1', kind: 'district' }]);
    expect(ward.children.map((c: { code: string }) => c.code)).toEqual(['26734-1', '26734-2']);
    const city = await dashboard('26734', tokens.city);
    expect(city.breadcrumbs.map((b: { code: string }) => b.code)).toEqual(['79', '760']);
    const top = await dashboard('79', tokens.city);
    expect(top.children).toHaveLength(22);
    expect(top.standing).toBeNull(); // the city does not compete
  });

  it('gives members exact figures below the ward, private and uncached; the public reads bands', async () => {
    const r = await get('/api/v1/dashboard/26734', tokens.q1);
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.headers.etag).toBeUndefined();
    expect(r.json().children.find((c: { code: string }) => c.code === '26734-1').cases14).toBe(3);
    const pub = await get('/api/v1/cases/daily/26734-1?from=2021-07-18&to=2021-07-18', null);
    expect(pub.json().days[0].community).toBe('1–4');
  });

  it('refuses without a session or token (401), outside the scope (403 naming unit and scope), and an unknown unit (404)', async () => {
    const none = await get('/api/v1/dashboard/760', null);
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await get('/api/v1/dashboard/760', 'vx_0000_not-a-token')).statusCode).toBe(401);
    // A committee of Quận 1 cannot read a ward of Quận 3, nor Thủ Đức's committee a ward of Quận 1.
    const q3 = await get('/api/v1/dashboard/27127', tokens.q1);
    expect(q3.statusCode).toBe(403);
    expect(q3.json().errors[0].field).toBe('params.code');
    expect(q3.json().detail).toContain('27127');
    expect(q3.json().detail).toContain('760');
    expect((await get('/api/v1/dashboard/26734', tokens.thuDuc)).statusCode).toBe(403);
    expect((await get('/api/v1/dashboard/79', tokens.q1)).statusCode).toBe(403);
    const unknown = await get('/api/v1/dashboard/99999', tokens.q1);
    expect(unknown.statusCode).toBe(404);
    expect((await get('/api/v1/dashboard/%3Cscript%3E', tokens.q1)).statusCode).toBe(400);
    // Any role reads the dashboards of its scope.
    expect((await get('/api/v1/dashboard/26740', tokens.q1viewer)).statusCode).toBe(200);
  });

  it('serves a signed-in member from her session cookie', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'lan', password: PASSWORD } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = cookieOf(signIn);
    const read = (code: string) => app.inject({ method: 'GET', url: `/api/v1/dashboard/${code}`, headers: { cookie: `vx_session=${cookie}` } });
    expect((await read('760')).statusCode).toBe(200);
    expect((await read('26734-2')).statusCode).toBe(200);
    const outside = await read('27127');
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toContain('lan');
    await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: `vx_session=${cookie}`, 'x-csrf-token': signIn.json().csrfToken } });
    expect((await read('760')).statusCode).toBe(401);
  });
});

function cookieOf(r: LightMyRequestResponse): string {
  const header = [r.headers['set-cookie']].flat().find((c) => c?.startsWith('vx_session='));
  return header!.split(';')[0].slice('vx_session='.length);
}
