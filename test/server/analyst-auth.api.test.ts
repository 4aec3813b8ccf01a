import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

describe.each(ENGINES)('analyst endpoints behind real tokens [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await store.db.insertInto('cube_cases').values({ unit_code: '26740', date: '2021-07-18', setting: 'quarantine', source_known: 1, cases: 1 }).execute();
    // Today on the deployment's clock is the data's last date, within the override's days.
    app = (await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-18T03:00:00Z') })).app;
    tokens.analyst = (await createToken(store.db, { label: 'q1 analyst', role: 'analyst', scope: '760' }, 'test')).token;
    tokens.officer = (await createToken(store.db, { label: 'officer', role: 'data_officer', scope: '79' }, 'test')).token;
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  const override = (unit: string, token?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/overrides',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: { unit, state: 'very_high', from: '2021-07-18', until: '2021-07-25', justification: 'ổ dịch tại chợ, chờ truy vết' },
    });

  it('refuses an impossible date as a bad request naming the field', async () => {
    const response = await app.inject('/api/v1/levels?date=2021-13-45');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('querystring.date');
    expect(response.json().errors[0].message).toMatch(/^sai định dạng .* \/ must/);
  });

  it('names a missing field in Vietnamese and English', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/overrides',
      headers: { authorization: `Bearer ${tokens.analyst}` },
      payload: { unit: '26740', state: 'very_high' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)).toContain(
      "from: thiếu trường bắt buộc / must have required property 'from'",
    );
  });

  it('refuses without a token (401), with another role (403) and outside the scope (403)', async () => {
    expect((await override('26740')).statusCode).toBe(401);
    const officer = await override('26740', tokens.officer);
    expect(officer.statusCode).toBe(403);
    expect(officer.headers['content-type']).toContain('application/problem+json');
    expect((await override('27139', tokens.analyst)).statusCode).toBe(403); // Võ Thị Sáu, Quận 3
  });

  it('checks the token before the body: 401 and 403 come before a 400 on the schema', async () => {
    const send = (method: 'POST' | 'PUT' | 'GET', url: string, token?: string, payload?: object) =>
      app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload });
    const broken = { unit: 42 };
    expect((await send('POST', '/api/v1/overrides', undefined, broken)).statusCode).toBe(401);
    expect((await send('POST', '/api/v1/risk-factors', tokens.officer, broken)).statusCode).toBe(403);
    expect((await send('POST', '/api/v1/overrides', tokens.analyst, broken)).statusCode).toBe(400);
    expect((await send('POST', '/api/v1/campaigns', tokens.analyst, broken)).statusCode).toBe(403);
    expect((await send('PUT', '/api/v1/campaigns/hcm-2021', undefined, broken)).statusCode).toBe(401);
    const districtAdmin = (await createToken(store.db, { label: 'q1 admin', role: 'admin', scope: '760' }, 'test')).token;
    expect((await send('PUT', '/api/v1/campaigns/hcm-2021', districtAdmin, broken)).statusCode).toBe(403);
    expect((await send('POST', '/api/v1/replay', tokens.officer, { action: 'dance' })).statusCode).toBe(403);
    expect((await send('GET', '/api/v1/rejects?limit=0')).statusCode).toBe(401);
    expect((await send('GET', '/api/v1/rejects?limit=0', tokens.analyst)).statusCode).toBe(403);
    expect((await send('GET', '/api/v1/rejects?limit=0', tokens.officer)).statusCode).toBe(400);
    expect((await send('GET', '/api/v1/imports/' + 'x'.repeat(50))).statusCode).toBe(401);
  });

  it('lets a Quận 1 analyst override a Quận 1 ward, shown among its reasons and audited', async () => {
    const response = await override('26740', tokens.analyst);
    expect(response.statusCode).toBe(201);
    const unit = (await app.inject('/api/v1/units/26740')).json();
    expect(unit.assessment.level).toBe(3);
    expect(unit.assessment.reasons.map((r: { criterion: string }) => r.criterion)).toContain('override');
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'override.add').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toContain('q1 analyst');
  });
});
