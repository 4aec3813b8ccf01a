import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Role, ROLES } from '../../src/core/auth/roles.ts';
import { importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import type { Store } from '../../src/store/database.ts';
import { FIGURES, MATRIX, type MatrixRow, Q1_NEIGHBOURHOOD, SESSION_ONLY, type World } from '../support/authorization-matrix.ts';
import { CAMPAIGN } from '../support/campaign-fixture.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #18: role × scope × endpoint. Every route registered with `config.auth` (the server lists
 * them) has a row in test/support/authorization-matrix.ts; each row is called with no token and
 * with a token of every role over Quận 1 (in scope), Thủ Đức (out of scope) and the city, and must
 * answer 401, 403, or let the caller through (any other status below 500) exactly as its row says.
 * The public reads that show members exact figures do so for members whose scope holds the unit only.
 */
const SCOPES = { in: '760', out: '769', city: '79' } as const;
type ScopeName = keyof typeof SCOPES;
type Outcome = 401 | 403 | 'through';

function expected(row: MatrixRow, role: Role | 'none', scope: ScopeName): Outcome {
  if (role === 'none') return 401;
  if (!row.allowed.includes(role)) return 403;
  if ((row.scope === 'city' || row.scope === 'granting') && scope !== 'city') return 403;
  if (row.scope === 'unit' && scope === 'out') return 403;
  return 'through';
}

const outcomeOf = (status: number): Outcome | number => (status === 401 || status === 403 ? status : status < 500 ? 'through' : status);
const keyOf = (r: { method: string; route: string } | { method: string; url: string }) => `${r.method} ${'route' in r ? r.route : r.url}`;

describe.each(ENGINES)('authorization matrix [%s]', (engine) => {
  let app: FastifyInstance;
  let ctx: AppContext;
  let store: Store & { dispose(): Promise<void> };
  const tokens = new Map<string, string>();
  const tokenOf = (role: Role, scope: ScopeName) => tokens.get(`${role}@${scope}`)!;

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    const dir = mkdtempSync(join(tmpdir(), 'vx-matrix-'));
    writeFileSync(
      join(dir, 'khu-pho.csv'),
      `code,name,kind,parent_code,population,valid_from\n${Q1_NEIGHBOURHOOD},Khu phố 1,neighbourhood,26734,3100,2021-01-01\n`,
    );
    await importGeoFiles(store.db, { units: join(dir, 'khu-pho.csv') }, 'test', 'test');
    await saveCampaign(store.db, CAMPAIGN, 'test', 'test');
    await addUser(store.db, { name: 'lan', password: 'chị Lan ở Tân Định 2021', roles: [{ role: 'committee', scope: '760' }] }, 'test');
    for (const role of ROLES)
      for (const [name, scope] of Object.entries(SCOPES))
        tokens.set(`${role}@${name}`, (await createToken(store.db, { label: `${role}-${name}`, role, scope }, 'test')).token);
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-18T03:00:00Z') }));
    const cases = [1, 2, 3].map((i) => ({ id: `M${i}`, confirmedDate: '2021-07-18', unit: Q1_NEIGHBOURHOOD, setting: 'community', sourceKnown: false }));
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${tokenOf('data_officer', 'city')}` },
      payload: cases,
    });
    expect(sent.json().accepted).toBe(3);
    await ctx.risk.idle();
  });
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('has a row for every route the server authenticates, and none for a route it does not', () => {
    const registered = app.authenticatedRoutes.map(keyOf).sort();
    expect(MATRIX.map(keyOf).sort()).toEqual(registered);
    expect(new Set(registered).size).toBe(registered.length);
    // Each row states what its route asks: the roles it lets through are the route's own.
    for (const route of app.authenticatedRoutes) {
      const row = MATRIX.find((r) => keyOf(r) === keyOf(route))!;
      expect([...row.allowed].sort(), keyOf(route)).toEqual([...route.auth.roles].sort());
      expect(row.scope === 'city', keyOf(route)).toBe(route.auth.scope === 'city');
    }
  });

  it('answers every role × scope × route as its row says', async () => {
    const world: World = { ctx, userInQ1: 'lan' };
    const wrong: string[] = [];
    for (const row of MATRIX) {
      const cells: Array<[Role | 'none', ScopeName]> = [
        ['none', 'city'],
        ...ROLES.flatMap((role) => (Object.keys(SCOPES) as ScopeName[]).map((s): [Role, ScopeName] => [role, s])),
      ];
      for (const [role, scope] of cells) {
        const want = expected(row, role, scope);
        if (row.refusalsOnly && want === 'through') continue;
        // A request that needs something to act on (a risk factor to revoke) makes it afresh for each cell.
        const request = await row.request(world);
        const r = await app.inject({
          method: row.method,
          url: request.url,
          ...(request.payload !== undefined ? { payload: request.payload as string } : {}),
          headers: { ...request.headers, ...(role === 'none' ? {} : { authorization: `Bearer ${tokenOf(role, scope)}` }) },
        });
        const got = outcomeOf(r.statusCode);
        if (got !== want) wrong.push(`${keyOf(row)} as ${role}@${scope}: expected ${want}, got ${r.statusCode} ${r.body.slice(0, 160)}`);
        if (r.statusCode === 401 || r.statusCode === 403) expect(r.headers['content-type'], keyOf(row)).toMatch(/application\/problem\+json/);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('signs no one out for a token: the sign-out routes answer 401 to every role', async () => {
    for (const { method, url } of SESSION_ONLY) {
      expect((await app.inject({ method, url })).statusCode, url).toBe(401);
      for (const role of ROLES)
        for (const scope of Object.keys(SCOPES) as ScopeName[]) {
          const r = await app.inject({ method, url, headers: { authorization: `Bearer ${tokenOf(role, scope)}` } });
          expect(r.statusCode, `${url} as ${role}@${scope}`).toBe(401);
        }
    }
  });

  it('gives exact figures to members whose scope holds the unit, bands to everyone else', async () => {
    const wrong: string[] = [];
    for (const row of FIGURES) {
      const cells: Array<[Role | 'none', ScopeName | null]> = [
        ['none', null],
        ...ROLES.flatMap((role) => (Object.keys(SCOPES) as ScopeName[]).map((s): [Role, ScopeName] => [role, s])),
      ];
      for (const [role, scope] of cells) {
        const r = await app.inject({ method: 'GET', url: row.url, headers: role === 'none' ? {} : { authorization: `Bearer ${tokenOf(role, scope!)}` } });
        expect(r.statusCode, `${row.url} ${r.body}`).toBe(200);
        const want = scope !== null && (scope === 'city' || (row.exactFor === 'unit' && scope === 'in'));
        if (row.exact(r.json()) !== want) wrong.push(`${row.url} as ${role}@${scope}: expected ${want ? 'exact' : 'banded'}`);
        // Exact figures are the member's alone: never in a shared cache.
        if (want) expect(r.headers['cache-control'], row.url).toBe('private, no-store');
      }
    }
    expect(wrong).toEqual([]);
  });
});
