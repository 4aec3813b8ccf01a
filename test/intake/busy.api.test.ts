import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { storeWithUnits } from '../support/intake.ts';

/**
 * Another process (a CLI import) holding SQLite's write lock longer than a request waits: the
 * request is answered 503 with Retry-After and the catalogue's problem, never a bare 500, and
 * nothing of it is written; once the lock is free the same request lands.
 */
describe('a database busy with another writer [sqlite]', () => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let app: FastifyInstance;
  let token: string;
  const saved = process.env.VX_SQLITE_WAIT_MS;
  beforeAll(async () => {
    process.env.VX_SQLITE_WAIT_MS = '300';
    store = await storeWithUnits('sqlite');
    ({ app } = await buildApp({ store, webRoot: '/nonexistent' }));
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.VX_SQLITE_WAIT_MS;
    else process.env.VX_SQLITE_WAIT_MS = saved;
    await app.close();
    await store.dispose();
  });

  it('answers 503 with Retry-After while another process holds the write lock, and lands the batch once it is free', async () => {
    const other = new SQLite(store.url.replace(/^sqlite:/, ''));
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${token}` },
        payload: [{ id: 'BUSY-1', confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false }],
      });
    other.exec('BEGIN IMMEDIATE');
    let busy;
    try {
      busy = await send();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.json()).toMatchObject({ type: '/problems/database-busy', title: 'Cơ sở dữ liệu đang bận / Database busy', status: 503 });
    expect(await store.db.selectFrom('case_records').select('id').execute()).toEqual([]);

    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ accepted: 1 });
  });
});
