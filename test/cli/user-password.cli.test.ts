import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkPassword } from '../../src/store/accounts-store.ts';
import { spawnCli } from '../support/cli.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** The first admin is made from the CLI (docs/accounts.md): the password is piped in, never an argument, never printed. */
describe.each(ENGINES)('vungxanh user add --password-stdin and user password (CLI) [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>> & { schema?: string };
  let database: string;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    database = store.schema ? `${store.url}?options=${encodeURIComponent(`-c search_path=${store.schema}`)}` : store.url;
  });
  afterAll(async () => store.dispose());

  it('makes the first admin with a password read from standard input, and changes it', async () => {
    const first = 'Quản trị viên đầu tiên 79';
    const added = spawnCli(['--database', database, 'user', 'add', 'root', '--role', 'admin', '--scope', '79', '--password-stdin'], { input: `${first}\n` });
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout + added.stderr).not.toContain(first);
    expect(await checkPassword(store.db, 'root', first)).toMatchObject({ name: 'root' });

    const second = 'mật khẩu mới của root';
    const changed = spawnCli(['--database', database, 'user', 'password', 'root'], { input: second });
    expect(changed.status, changed.stderr).toBe(0);
    expect(await checkPassword(store.db, 'root', first)).toBeNull();
    expect(await checkPassword(store.db, 'root', second)).toMatchObject({ name: 'root' });

    const short = spawnCli(['--database', database, 'user', 'password', 'root'], { input: 'ngắn' });
    expect(short.status).not.toBe(0);
    expect(short.stderr).toMatch(/10/);
    const nobody = spawnCli(['--database', database, 'user', 'password', 'không-có'], { input: second });
    expect(nobody.status).not.toBe(0);
  });
});
