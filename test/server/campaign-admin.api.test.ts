import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import { installAuth } from '../../src/server/auth.ts';
import type { AppContext } from '../../src/server/context.ts';
import { HttpProblem } from '../../src/server/problem.ts';
import { type CampaignActor, campaignAdminRoutes, createCampaign, updateCampaign } from '../../src/server/routes/campaign-admin.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const body = {
  id: 'thu-duc-2021',
  name: 'Thủ Đức xanh',
  start: '2021-08-01T00:00:00+07:00',
  end: '2021-08-16T00:00:00+07:00',
  groups: ['ward'],
  rulebook: 'vn-2686',
};

const admin: CampaignActor = { id: 'user:admin', roles: ['admin'] };
const analyst: CampaignActor = { id: 'user:analyst', roles: ['analyst', 'viewer'] };

describe.each(ENGINES)('campaign admin [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  beforeAll(async () => {
    store = await freshStore(engine);
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent' }));
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('lets the admin role create and edit a campaign, audited under the actor', async () => {
    const created = await createCampaign(ctx, admin, body);
    expect(created).toMatchObject({ id: 'thu-duc-2021', cutTime: '18:00', goal: { state: 0, share: 1, kind: 'ward' } });
    await expect(createCampaign(ctx, admin, body)).rejects.toMatchObject({ status: 409 });
    expect(await updateCampaign(ctx, admin, 'thu-duc-2021', { ...body, cutTime: '17:00' })).toMatchObject({ changed: true, campaign: { cutTime: '17:00' } });
    expect((await updateCampaign(ctx, admin, 'thu-duc-2021', { ...body, cutTime: '17:00' })).changed).toBe(false);
    const log = await store.db.selectFrom('audit_log').select(['actor', 'action', 'channel']).where('action', 'like', 'campaign.%').orderBy('id').execute();
    expect(log).toEqual([
      { actor: 'user:admin', action: 'campaign.create', channel: 'api' },
      { actor: 'user:admin', action: 'campaign.update', channel: 'api' },
    ]);
  });

  it.each([
    ['another role', () => createCampaign(ctx, analyst, { ...body, id: 'x-2' }), 403],
    ['an invalid body', () => createCampaign(ctx, admin, { ...body, id: 'x-3', end: '2021-07-01T00:00:00+07:00' }), 400],
    ['an unknown campaign', () => updateCampaign(ctx, admin, 'khong-co', body), 404],
    ['an id that does not match', () => updateCampaign(ctx, admin, 'thu-duc-2021', { ...body, id: 'other' }), 400],
  ])('refuses %s', async (_label, act, status) => {
    const error = await act().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(status);
  });

  it('serves the handlers over HTTP behind the authentication hook, with problem details naming the field', async () => {
    // The hook over a stand-in token table: a city admin, a district admin, or 401.
    const tokens: Record<string, { actor: string; role: 'admin'; scope: string }> = {
      city: { actor: 'user:admin', role: 'admin', scope: '79' },
      district: { actor: 'user:q1', role: 'admin', scope: '760' },
    };
    // The wiring app.ts does, on a bare Fastify so this test does not depend on it.
    const Fastify = (await import('fastify')).default;
    const adminApp = Fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } } });
    const { problemErrorHandler } = await import('../../src/server/problem.ts');
    adminApp.setErrorHandler(problemErrorHandler);
    installAuth(adminApp, { resolve: async (token) => tokens[token] ?? null, isCityRoot: (scope) => scope === '79' });
    const { campaignRoutes } = await import('../../src/server/routes/campaigns.ts');
    campaignRoutes(adminApp, ctx);
    campaignAdminRoutes(adminApp, ctx);
    await adminApp.ready();
    try {
      const unauthenticated = await adminApp.inject({ method: 'POST', url: '/api/v1/campaigns', payload: { ...body, id: 'http-1' } });
      expect(unauthenticated.statusCode).toBe(401);
      const district = await adminApp.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        payload: { ...body, id: 'http-1' },
        headers: { authorization: 'Bearer district' },
      });
      expect(district.statusCode).toBe(403);
      const created = await adminApp.inject({
        method: 'POST',
        url: '/api/v1/campaigns',
        payload: { ...body, id: 'http-1' },
        headers: { authorization: 'Bearer city' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers.location).toBe('/api/v1/campaigns/http-1');
      expect(created.json().campaign).toMatchObject({ id: 'http-1', status: 'ended', firstDate: '2021-08-01', lastDate: '2021-08-15' });
      const bad = await adminApp.inject({
        method: 'PUT',
        url: '/api/v1/campaigns/http-1',
        payload: { ...body, id: 'http-1', cutTime: '9h' },
        headers: { authorization: 'Bearer city' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('cutTime');
      const listed = await adminApp.inject({ method: 'GET', url: '/api/v1/campaigns' });
      expect(listed.json().campaigns.map((c: { id: string }) => c.id)).toContain('http-1');
    } finally {
      await adminApp.close();
    }
  });
});
