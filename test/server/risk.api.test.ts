import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { installAuth } from '../../src/server/auth.ts';
import type { AppContext } from '../../src/server/context.ts';
import { HttpProblem, problemErrorHandler } from '../../src/server/problem.ts';
import { analystHandlers, analystRoutes } from '../../src/server/routes/analyst.ts';
import { announceCube } from '../support/feed.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

describe.each(ENGINES)('risk API [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    // Cube rows as intake writes them: Phường Bến Nghé (26740) in Quận 1 (760) in the city (79).
    for (const unit of ['26740', '760', '79']) {
      await store.db.insertInto('cube_cases').values({ unit_code: unit, date: '2021-07-05', setting: 'community', source_known: 0, cases: 3 }).execute();
      await store.db.insertInto('cube_cases').values({ unit_code: unit, date: '2021-07-18', setting: 'quarantine', source_known: 1, cases: 5 }).execute();
    }
    // Today on the deployment's clock is the last data date: the latest levels are that day's.
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-18T03:00:00Z') }));
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('gives the levels of a kind on the latest date, with an ETag that revalidates', async () => {
    const res = await get('/api/v1/levels?kind=ward');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ date: '2021-07-18', rulebook: { id: 'vn-2686' } });
    expect(Object.keys(body.levels)).toHaveLength(312);
    expect(body.levels['26740']).toBe(2);
    // Bordering wards are not raised by a high (orange) neighbour beyond "risk".
    const neighbours: string[] = (await get('/api/v1/units/26740')).json().neighbours;
    for (const n of neighbours) expect(body.levels[n]).toBe(1);
    // Quận 1: one of ten wards high → "risk" by the inferred R-H2 rule.
    expect((await get('/api/v1/levels?kind=district')).json().levels['760']).toBe(1);
    const again = await get('/api/v1/levels?kind=ward', { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it('answers bad queries with problem details naming the field', async () => {
    const unknown = await get('/api/v1/levels?rulebook=vn-9999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.json().errors[0].field).toBe('querystring.rulebook');
    const badDate = await get('/api/v1/levels?date=18/07/2021');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toMatch(/date/);
    const future = await get('/api/v1/levels?date=2030-01-01');
    expect(future.statusCode).toBe(404);
    expect((await get('/api/v1/assessments/26740?from=2021-07-10&to=2021-07-01')).statusCode).toBe(400);
    expect((await get('/api/v1/assessments/99999999')).statusCode).toBe(404);
  });

  it('compares rulebooks on the same data', async () => {
    const body = (await get('/api/v1/levels?kind=ward&rulebook=hghi&date=2021-07-18')).json();
    expect(body.rulebook.id).toBe('hghi');
    expect(body.levels['26740']).toBe(1); // 5 cases a week for 10,633 people: 6.7 a day per 100,000
  });

  it('gives the daily history with reasons', async () => {
    const body = (await get('/api/v1/assessments/26740?from=2021-07-17&to=2021-07-18')).json();
    expect(body.assessments).toHaveLength(2);
    expect(body.assessments[0]).toMatchObject({ date: '2021-07-17', level: 2, state: 'high', version: 1 });
    expect(body.assessments[0].reasons[0].text.vi).toBe('3 ca cộng đồng chưa rõ nguồn lây trong 14 ngày (04/07–17/07)');
    const before = (await get('/api/v1/assessments/26740?from=2021-07-17&to=2021-07-18&publishedAt=2000-01-01T00:00:00Z')).json();
    expect(before.assessments).toEqual([]); // nothing was published then
    const asPublished = (
      await get(`/api/v1/assessments/26740?from=2021-07-17&to=2021-07-18&publishedAt=${encodeURIComponent(new Date().toISOString())}`)
    ).json();
    expect(asPublished.assessments.map((a: { level: number }) => a.level)).toEqual([2, 2]);
    expect((await get('/api/v1/assessments/26740?publishedAt=yesterday')).statusCode).toBe(400);
    const other = (await get('/api/v1/assessments/26740?from=2021-07-17&to=2021-07-18&rulebook=cdc-transmission')).json();
    // CDC counts every setting: 5 cases in 7 days for 10,633 people = 47 per 100,000 (moderate).
    expect(other.assessments[1]).toMatchObject({ level: 1, state: 'moderate', version: null });
  });

  it('extends the unit with its current assessment and path to green, keeping the geography fields', async () => {
    const body = (await get('/api/v1/units/26740')).json();
    expect(body.unit).toMatchObject({ code: '26740', name: 'Phường Bến Nghé' });
    expect(body.ancestors[0].code).toBe('760');
    expect(body.assessment).toMatchObject({ date: '2021-07-18', level: 2, state: 'high', stateName: { vi: 'Nguy cơ cao' }, rulebook: { id: 'vn-2686' } });
    expect(body.pathToGreen).toMatchObject({ date: '2021-07-19', alreadyGreen: false });
    expect(body.pathToGreen.holding[0].criterion).toBe('H-X1');
    const neighbour = (await get(`/api/v1/units/${body.neighbours[0]}`)).json();
    expect(neighbour.pathToGreen.holding[0].criterion).toBe('R-X4');
    expect(neighbour.pathToGreen.date).toBe('2021-07-19');
  });

  it('lists the rulebooks with provenance', async () => {
    const body = (await get('/api/v1/rulebooks')).json();
    expect(body.default).toBe('vn-2686');
    expect(body.rulebooks.map((b: { id: string }) => b.id).sort()).toEqual(['cdc-transmission', 'hcmc-2021-households', 'hghi', 'vn-2686', 'vn-4800']);
    const vn = body.rulebooks.find((b: { id: string }) => b.id === 'vn-2686');
    expect(vn.states.map((s: { id: string }) => s.id)).toEqual(['new_normal', 'risk', 'high', 'very_high']);
    expect(vn.criteria.find((c: { id: string }) => c.id === 'R-H1')).toMatchObject({ confidence: 'D', verified: false });
  });

  it('follows a cube change on the feed, whoever appended it', async () => {
    for (const unit of ['26743', '760', '79']) {
      await store.db.insertInto('cube_clusters').values({ unit_code: unit, date: '2021-07-16', cluster: 'K9', source_known: 0, cases: 2 }).execute();
    }
    await announceCube(store, ['26743'], '2021-07-16', '2021-07-16');
    await ctx.risk.idle();
    const body = (await get('/api/v1/levels?kind=ward')).json();
    expect(body.levels['26743']).toBe(3);
    expect(body.levels['26740']).toBe(2);
  });

  it('analyst handlers validate, record with audit and change levels', async () => {
    const h = analystHandlers(ctx);
    await expect(
      h.addOverride({ id: 'analyst-1' }, { unit: '26740', state: 'purple', from: '2021-07-18', until: null, justification: 'khu phong tỏa chợ Bến Thành' }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: 'state' }] });
    await expect(h.addRiskFactor({ id: 'analyst-1' }, { unit: 'nope', type: 'uncontrolled_source', from: '2021-07-18', note: 'x y z' })).rejects.toBeInstanceOf(
      HttpProblem,
    );
    await expect(
      h.addRiskFactor({ id: 'analyst-q3', scope: '770' }, { unit: '26740', type: 'uncontrolled_source', from: '2021-07-18', note: 'ngoài phạm vi' }),
    ).rejects.toMatchObject({ status: 403 });
    const f = await h.addRiskFactor(
      { id: 'analyst-1' },
      { unit: '26737', type: 'uncontrolled_source', from: '2021-07-18', to: '2021-07-31', note: 'ổ dịch chưa kiểm soát' },
    );
    expect((await get('/api/v1/levels?kind=ward')).json().levels['26737']).toBe(3);
    expect((await get('/api/v1/units/26737')).json().pathToGreen.date).toBe('2021-08-01');
    await h.revokeRiskFactor({ id: 'analyst-2' }, f.id);
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor']).where('action', 'like', 'risk_factor%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'risk_factor.add', actor: 'analyst-1' },
      { action: 'risk_factor.revoke', actor: 'analyst-2' },
    ]);
  });

  it('analyst routes ask the auth layer and answer problems', async () => {
    const bare = Fastify();
    bare.setErrorHandler(problemErrorHandler);
    // The server's one authentication hook, over a stand-in token table: one analyst token for the city.
    installAuth(bare, {
      resolve: async (token) => (token === 'analyst' ? { actor: 'analyst-9', role: 'analyst', scope: '79' } : null),
      isCityRoot: (scope) => scope === '79',
    });
    analystRoutes(bare, ctx);
    await bare.ready();
    const body = { unit: '26740', state: 'very_high', from: '2021-07-18', until: '2021-07-20', justification: 'ổ dịch tại chợ, chờ truy vết' };
    expect((await bare.inject({ method: 'POST', url: '/api/v1/overrides', payload: body })).statusCode).toBe(401);
    const bad = await bare.inject({
      method: 'POST',
      url: '/api/v1/overrides',
      payload: { ...body, from: 'hôm nay' },
      headers: { authorization: 'Bearer analyst' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await bare.inject({ method: 'POST', url: '/api/v1/overrides', payload: body, headers: { authorization: 'Bearer analyst' } });
    expect(ok.statusCode).toBe(201);
    const overridden = (await get('/api/v1/units/26740')).json().assessment;
    expect(overridden).toMatchObject({ level: 3, override: { id: ok.json().id } });
    // Who made it is not public: not in the override, nor in any reason.
    expect(JSON.stringify(overridden)).not.toContain('analyst-9');
    const del = await bare.inject({ method: 'DELETE', url: `/api/v1/overrides/${ok.json().id}`, headers: { authorization: 'Bearer analyst' } });
    expect(del.statusCode).toBe(204);
    expect((await get('/api/v1/units/26740')).json().assessment.level).toBe(2);
    await bare.close();
  });
});
