import { describe, expect, it } from 'vitest';

import { authenticateToken, checkPassword, hashSecret, listManagedUsers } from '../../src/store/accounts-store.ts';
import { findSession, openSession, SESSION_LIFETIME } from '../../src/store/session-store.ts';
import { ENGINES } from '../support/stores.ts';
import { insertSmallCity, upgradedFrom } from '../support/upgrade.ts';

describe.each(ENGINES)('upgrading a database made at unit households (012) to sign-in (013) [%s]', (engine) => {
  it('keeps users, their password (set by the CLI then) and tokens, and opens sessions for them', async () => {
    await upgradedFrom(
      engine,
      '012-unit-households',
      async (db) => {
        await insertSmallCity(db);
        // What `vungxanh user add --password-env` and `token create` wrote before 013.
        const user = await db
          .insertInto('users')
          .values({ name: 'lan', display_name: 'Chị Lan', password_hash: await hashSecret('mật khẩu cũ của Lan'), created_at: '2021-07-01T01:00:00.000Z' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('user_roles').values({ user_id: user.id, role: 'committee', scope: '760' }).execute();
        await db.insertInto('users').values({ name: 'máy', display_name: null, password_hash: null, created_at: '2021-07-02T01:00:00.000Z' }).execute();
        const secret = 'A'.repeat(43);
        await db
          .insertInto('api_tokens')
          .values({
            id: 'abcdef012345',
            user_id: user.id,
            label: 'cdc',
            role: 'data_officer',
            scope: '79',
            secret_hash: await hashSecret(secret),
            created_at: '2021-07-01T02:00:00.000Z',
            revoked_at: null,
          })
          .execute();
      },
      async (upgraded) => {
        const users = await listManagedUsers(upgraded.db);
        expect(users.map((u) => [u.name, u.passwordSetAt, u.disabledAt, u.sessions, u.roles])).toEqual([
          ['lan', '2021-07-01T01:00:00.000Z', null, 0, [{ role: 'committee', scope: '760' }]],
          ['máy', null, null, 0, []],
        ]);
        const lan = await checkPassword(upgraded.db, 'lan', 'mật khẩu cũ của Lan');
        expect(lan?.name).toBe('lan');
        expect(await checkPassword(upgraded.db, 'lan', 'sai')).toBeNull();
        expect(await checkPassword(upgraded.db, 'máy', '')).toBeNull();
        const session = await openSession(upgraded.db, lan!.id, { address: '127.0.0.1', agent: 'test' }, SESSION_LIFETIME);
        const member = await findSession(upgraded.db, session.id, SESSION_LIFETIME);
        expect(member?.roles).toEqual([{ role: 'committee', scope: '760' }]);
        expect((await authenticateToken(upgraded.db, `vx_abcdef012345_${'A'.repeat(43)}`))?.role).toBe('data_officer');
      },
    );
  });
});
