import { request as httpRequest } from 'node:http';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { multipartBody } from '../support/fuzz.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #17 items 1 and 5: the requests that answered 500 (deep nesting, impossible dates, a lone
 * surrogate in a case id), an upload refused before its body was read, and what an unreadable
 * NDJSON line leaves behind. The generated half of the hunt is test/server/fuzz.api.test.ts.
 */
describe.each(ENGINES)('hostile input [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let app: FastifyInstance;
  let auth: { authorization: string };

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    ({ app } = await buildApp({ store }));
    auth = { authorization: `Bearer ${(await createToken(store.db, { label: 'cdc', role: 'admin', scope: '79' }, 'test')).token}` };
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('refuses JSON nested 10⁵ deep with a 400 naming the limit, on intake and elsewhere', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const url of ['/api/v1/cases', '/api/v1/risk-factors', '/api/v1/replay']) {
      const answer = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: deep });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().detail).toContain('deeper than 64 levels');
    }
    // One deep NDJSON line is one refused row (positions count from 0 over the API); its neighbours still land.
    const ndjson = `${'['.repeat(1000)}${']'.repeat(1000)}\n{"id":"D1","confirmedDate":"2021-07-05","unit":"26740","setting":"community","sourceKnown":true}\n`;
    const answer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: ndjson });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }] });
    expect(answer.json().rejected[0].errors[0]).toMatchObject({ field: '(line)', code: 'too_deep' });
  });

  it('answers impossible dates with 400 on every route that takes a date', async () => {
    for (const url of [
      '/api/v1/cases/window?date=2021-13-01',
      '/api/v1/cases/window?date=0000-00-00',
      '/api/v1/cases/daily/760?from=0000-00-00&to=2021-07-14',
      '/api/v1/cases/daily/760?from=2021-02-30&to=2021-07-14',
      '/api/v1/campaigns/hcmc-2021-vung-xanh/standings?date=2021-13-01',
      '/api/v1/levels?date=2021-02-30',
    ]) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses a case id holding a lone surrogate, and refuses it again when resent', async () => {
    const row = '[{"id":"\\ud800A","confirmedDate":"2021-07-05","unit":"26740","setting":"community","sourceKnown":true}]';
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...auth, 'content-type': 'application/json' }, payload: row });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ accepted: 0, rejected: [{ errors: [{ field: 'id', code: 'bad_text' }] }] });
      expect(answer.json().rejected[0].errors[0].message).toContain('lone surrogate');
    }
    // Elsewhere a broken string is refused whole, naming where it is.
    const factor = await app.inject({
      method: 'POST',
      url: '/api/v1/risk-factors',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"unit":"26740","note":"\\udfff"}',
    });
    expect(factor.statusCode).toBe(400);
    expect(factor.json().errors).toEqual([expect.objectContaining({ field: 'note' })]);
  });

  it('refuses case labels that are phone numbers, ID numbers or e-mail addresses, saying why', async () => {
    const base = { confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: true };
    const rows = [
      { ...base, id: '0909 123 456' },
      { ...base, id: 'BN77', household: '079201012345' },
      { ...base, id: 'BN78', cluster: 'nguyen.van.a@gmail.com' },
      { ...base, id: 'BN79', cluster: 'Chợ Bà Chiểu', household: 'Hẻm 76 Nguyễn Thái Bình' },
    ];
    const answer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: auth, payload: rows });
    expect(answer.json().accepted).toBe(1);
    const refused = answer.json().rejected as Array<{ index: number; errors: Array<{ field: string; code: string; message: string }> }>;
    expect(refused.map((r) => [r.index, r.errors[0].field, r.errors[0].code])).toEqual([
      [0, 'id', 'personal_data'],
      [1, 'household', 'personal_data'],
      [2, 'cluster', 'personal_data'],
    ]);
    expect(refused[0].errors[0].message).toContain('phone number');
    expect(refused[1].errors[0].message).toContain('national ID');
    expect(refused[2].errors[0].message).toContain('e-mail');
  });

  it('refuses a NUL in a path or query value with 400, not a database error', async () => {
    for (const url of ['/api/v1/imports/%00', '/api/v1/rejects?import=a%00b', '/api/v1/units?q=%00']) {
      const answer = await app.inject({ method: 'GET', url, headers: auth });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().detail, url).toContain('NUL');
    }
  });

  it('refuses a path or query number too large for any number ("1e309") with 400 naming the field, on every kind of id', async () => {
    for (const [url, field] of [
      ['/api/v1/appeals/1e309', 'params.id'],
      ['/api/v1/nominations/1e309', 'params.n'],
      ['/api/v1/reward-decisions/1e309', 'params.id'],
      ['/api/v1/campaigns/hcmc-2021-vung-xanh/reward-scheme?version=1e309', 'querystring.version'],
    ]) {
      const answer = await app.inject({ method: 'GET', url, headers: auth });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().errors, url).toEqual([{ field, message: 'số vượt quá giới hạn / number out of range' }]);
    }
    // A number that fits is still read as one: an appeal that does not exist is a 404.
    expect((await app.inject({ method: 'GET', url: '/api/v1/appeals/1e3', headers: auth })).statusCode).toBe(404);
  });

  it('keeps the line number and where it broke of an unreadable NDJSON line, never its text', async () => {
    const ndjson =
      '{"ten": "Nguyễn Văn A", 0909123456}\n{"id":"N1","confirmedDate":"2021-07-05","unit":"26740","setting":"community","sourceKnown":true}\n"Trần Thị B 0912345678"\n';
    const answer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: ndjson });
    expect(answer.json()).toMatchObject({ accepted: 1 });
    const rejects = await app.inject({ method: 'GET', url: '/api/v1/rejects?kind=cases', headers: auth });
    const text = rejects.body;
    expect(text).not.toContain('0909123456');
    expect(text).not.toContain('Nguyễn');
    expect(text).not.toContain('0912345678');
    const listed = rejects.json().rejects as Array<{ position: number; errors: Array<{ code: string; message: string }> }>;
    expect(listed.map((r) => [r.position, r.errors[0].code])).toEqual(
      expect.arrayContaining([
        [0, 'bad_json'],
        [2, 'not_an_object'],
      ]),
    );
    expect(listed.find((r) => r.errors[0].code === 'bad_json')?.errors[0].message).toContain('column 25');
    expect(listed.find((r) => r.errors[0].code === 'not_an_object')?.errors[0].message).toContain('got string');
  });

  it('closes a connection whose upload was refused before its body was read, so the next request is answered', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const form = multipartBody({ name: 'cases.csv', body: Buffer.alloc(2 * 1024 * 1024, 0x41) }, {});
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/imports', headers: { 'content-type': form.type } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, connection: res.headers.connection });
      });
      req.on('error', reject);
      req.end(form.body);
    });
    expect(headers).toEqual({ status: 401, connection: 'close' });
  });
});
