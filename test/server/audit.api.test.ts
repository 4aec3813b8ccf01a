import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import { addUser, createToken } from '../../src/store/accounts-store.ts';
import { audit } from '../../src/store/audit.ts';
import type { Store } from '../../src/store/database.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #18 item 4 (docs/accounts.md): a whole-city admin reads every write in the audit log,
 * filters it by who, what, unit and day, pages it, exports it as CSV safe for Excel; nobody else
 * reads it, and no route changes or removes an entry.
 */
describe.each(ENGINES)('the audit log [%s]', (engine) => {
  let app: FastifyInstance;
  let store: Store & { dispose(): Promise<void> };
  const tokens: Record<string, string> = {};
  const get = (url: string, token: string | null = tokens.city) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  type Entry = { id: number; at: string; actor: string; action: string; detail: unknown };
  const entries = async (query: string): Promise<Entry[]> => {
    const r = await get(`/api/v1/audit${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().entries;
  };

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    await addUser(store.db, { name: 'lan', password: 'chị Lan ở Tân Định 2021', roles: [{ role: 'committee', scope: '760' }] }, 'root', 'web');
    await addUser(store.db, { name: 'minh', password: 'anh Minh giám sát 769!', roles: [{ role: 'committee', scope: '769' }] }, 'q1admin', 'web');
    // Two writes on known days in Ho Chi Minh City: 05/07/2021 late evening, and 06/07/2021 just after midnight.
    await audit(store.db, { actor: 'cdc', channel: 'cli', action: 'override.add', detail: { unit: '26734', level: 'red' } }, new Date('2021-07-05T16:30:00Z'));
    await audit(
      store.db,
      { actor: 'cdc', channel: 'cli', action: 'override.add', detail: { unit: '=HYPERLINK("x")', note: 'x' } },
      new Date('2021-07-05T17:30:00Z'),
    );
    tokens.city = (await createToken(store.db, { label: 'ops', role: 'admin', scope: '79' }, 'test')).token;
    tokens.district = (await createToken(store.db, { label: 'q1-ops', role: 'admin', scope: '760' }, 'test')).token;
    tokens.officer = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    ({ app } = await buildApp({ store, webRoot: '/nonexistent' }));
  });
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('lists every write newest first, with its detail', async () => {
    const all = await entries('');
    expect(all.map((e) => e.action)).toEqual(expect.arrayContaining(['user.add', 'override.add', 'token.create']));
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.find((e) => e.action === 'user.add' && e.actor === 'root')?.detail).toMatchObject({ name: 'lan' });
  });

  it('narrows by who, what, unit and day (local days, Asia/Ho_Chi_Minh)', async () => {
    expect((await entries('?actor=q1admin')).map((e) => (e.detail as { name: string }).name)).toEqual(['minh']);
    expect((await entries('?action=override.add')).length).toBe(2);
    // 760 is named by lan's role and by the district admin's token; filters combine.
    expect((await entries('?unit=760')).map((e) => e.action)).toEqual(['token.create', 'user.add']);
    expect((await entries('?unit=760&action=user.add')).map((e) => (e.detail as { name: string }).name)).toEqual(['lan']);
    expect((await entries('?unit=26734')).map((e) => e.action)).toEqual(['override.add']);
    // 16:30Z is 23:30 on 05/07 in the city; 17:30Z is 00:30 on 06/07.
    expect((await entries('?from=2021-07-05&to=2021-07-05')).map((e) => e.at)).toEqual(['2021-07-05T16:30:00.000Z']);
    expect((await entries('?from=2021-07-06&to=2021-07-06')).map((e) => e.at)).toEqual(['2021-07-05T17:30:00.000Z']);
  });

  it('pages by id', async () => {
    const all = await entries('');
    const first = await get('/api/v1/audit?limit=2');
    expect(first.json().entries.map((e: Entry) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const next = first.json().next as number;
    expect(next).toBe(all[1].id);
    expect((await entries(`?limit=2&after=${next}`)).map((e) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));
    expect((await get('/api/v1/audit?limit=1000')).json().next).toBeNull();
  });

  it('exports CSV whose cells Excel will not run as formulas', async () => {
    const r = await get('/api/v1/audit?format=csv&action=override.add');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="nhat-ky-kiem-tra-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = r.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Số / id,Thời điểm / at,Người ghi / actor,Kênh / channel,Hành động / action,Chi tiết / detail');
    expect(lines.length).toBe(3);
    expect(r.body).toContain('""unit"":""26734""');
    expect(r.body).not.toMatch(/,=HYPERLINK/);
  });

  it('answers bad filters with a problem naming the field', async () => {
    for (const [query, field] of [
      ['?from=05/07/2021', 'from'],
      ['?to=2021-02-30', 'to'],
      ['?unit=7%25', 'unit'],
      ['?limit=0', 'limit'],
      ['?format=xlsx', 'format'],
      ['?from=2021-07-06&to=2021-07-05', 'to'],
    ]) {
      const r = await get(`/api/v1/audit${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body, query).toContain(field);
    }
  });

  it('is for whole-city admins only: anonymous 401, officer and district admin 403', async () => {
    expect((await get('/api/v1/audit', null)).statusCode).toBe(401);
    expect((await get('/api/v1/audit', tokens.officer)).statusCode).toBe(403);
    expect((await get('/api/v1/audit', tokens.district)).statusCode).toBe(403);
  });

  it('has no route that edits or deletes an entry', async () => {
    const [one] = await entries('?limit=1');
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      for (const url of ['/api/v1/audit', `/api/v1/audit/${one.id}`]) {
        const r = await app.inject({ method, url, headers: { authorization: `Bearer ${tokens.city}` }, payload: {} });
        expect([404, 405], `${method} ${url}`).toContain(r.statusCode);
      }
    }
    expect((await entries(`?limit=1`))[0]).toEqual(one);
  });
});
