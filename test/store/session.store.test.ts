import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addUser, setPassword } from '../../src/store/accounts-store.ts';
import { findSession, openSession, sessionIdHash } from '../../src/store/session-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const LIFETIME = { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 };
const at = (iso: string) => new Date(iso);

describe.each(ENGINES)('sessions in the store [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let userId: number;
  beforeAll(async () => {
    store = await freshStore(engine);
    userId = await addUser(store.db, { name: 'lan', password: 'mật khẩu đủ dài', roles: [] }, 'test');
  });
  afterAll(async () => store.dispose());

  it('keeps only the hash of the id, and ends a session after 2 idle hours or 12 hours in all', async () => {
    const opened = await openSession(store.db, userId, { address: '10.0.0.1', agent: 'x'.repeat(500) }, LIFETIME, at('2021-07-14T00:00:00Z'));
    const row = await store.db.selectFrom('sessions').selectAll().where('id_hash', '=', sessionIdHash(opened.id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(opened.id);
    expect(row.agent).toHaveLength(200);
    // Used every 1 h 50 min: alive until its 12 hours are up, however busy.
    for (const t of ['01:50', '03:40', '05:30', '07:20', '09:10', '11:00', '11:59'])
      expect(await findSession(store.db, opened.id, LIFETIME, at(`2021-07-14T${t}:00Z`)), t).not.toBeNull();
    expect(await findSession(store.db, opened.id, LIFETIME, at('2021-07-14T12:00:01Z'))).toBeNull();

    const idle = await openSession(store.db, userId, { address: null, agent: null }, LIFETIME, at('2021-07-14T00:00:00Z'));
    expect(await findSession(store.db, idle.id, LIFETIME, at('2021-07-14T02:00:01Z'))).toBeNull();
    // Ended for good: coming back within the absolute lifetime does not revive it.
    expect(await findSession(store.db, idle.id, LIFETIME, at('2021-07-14T00:30:00Z'))).toBeNull();
  });

  it('ends every session of a user whose password changes', async () => {
    const opened = await openSession(store.db, userId, { address: null, agent: null }, LIFETIME);
    expect(await findSession(store.db, opened.id, LIFETIME)).not.toBeNull();
    await setPassword(store.db, 'lan', 'một mật khẩu mới hẳn', 'test', 'cli');
    expect(await findSession(store.db, opened.id, LIFETIME)).toBeNull();
  });
});
