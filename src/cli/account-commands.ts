import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { isRole, ROLES, type Role } from '../core/auth/roles.ts';
import { AccountError, addUser, createToken, revokeToken } from '../store/accounts-store.ts';
import { openStore, type Store } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';

/** `vungxanh user add` and `vungxanh token create|revoke`: the accounts the write paths need. */
export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('Người dùng / users');
  user
    .command('add')
    .description('Thêm người dùng với vai trò theo phạm vi đơn vị / add a user with a role scoped to a unit subtree')
    .argument('<name>', 'login name')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--scope <code>', 'root of the unit subtree the role covers, e.g. 79 (the city) or 760 (Quận 1)')
    .option('--display-name <text>', 'name shown in the audit log')
    .option('--password-env <var>', 'read a password from this environment variable (stored as a scrypt hash)')
    .action(async (name: string, options: { role: string; scope: string; displayName?: string; passwordEnv?: string }, command: Command) => {
      const role = checkRole(options.role, command);
      await withStore(command, async (store) => {
        await checkScope(store, options.scope, command);
        const password = options.passwordEnv ? process.env[options.passwordEnv] : undefined;
        if (options.passwordEnv && !password) command.error(`environment variable ${options.passwordEnv} is empty`);
        const id = await addUser(store.db, { name, displayName: options.displayName, password, roles: [{ role, scope: options.scope }] }, actor());
        console.log(`Đã thêm người dùng / added user ${name} (id ${id}): ${role} @ ${options.scope}`);
      });
    });

  const token = program.command('token').description('Mã truy cập API / API tokens');
  token
    .command('create')
    .description('Tạo mã truy cập; mã in riêng ở dòng cuối / create an API token; the token is printed alone on the last line')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--scope <code>', 'root of the unit subtree the token may write to')
    .option('--label <text>', 'what the token is for (shown in the audit log)', 'api')
    .option('--user <name>', 'the user the token belongs to')
    .action(async (options: { role: string; scope: string; label: string; user?: string }, command: Command) => {
      const role = checkRole(options.role, command);
      await withStore(command, async (store) => {
        await checkScope(store, options.scope, command);
        const created = await createToken(store.db, { label: options.label, role, scope: options.scope, userName: options.user ?? null }, actor());
        console.log(`Mã truy cập / token ${created.id}: ${role} @ ${options.scope} (${options.label}). Lưu lại ngay, không hiển thị lại / store it now, it is not shown again:`);
        console.log(created.token);
      });
    });
  token
    .command('revoke')
    .description('Thu hồi mã truy cập / revoke a token')
    .argument('<id>', 'the token id (the part after vx_)')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withStore(command, async (store) => {
        const done = await revokeToken(store.db, id, actor());
        console.log(done ? `Đã thu hồi / revoked ${id}` : `Không có mã đang dùng ${id} / no active token ${id}`);
        if (!done) process.exitCode = 1;
      });
    });
}

function actor(): string {
  return `cli:${userInfo().username}`;
}

function checkRole(role: string, command: Command): Role {
  if (!isRole(role)) command.error(`vai trò không hợp lệ / unknown role "${role}": use ${ROLES.join(', ')}`);
  return role as Role;
}

async function checkScope(store: Store, scope: string, command: Command): Promise<void> {
  const unit = await store.db.selectFrom('units').select('code').where('code', '=', scope).executeTakeFirst();
  if (!unit) command.error(`không có đơn vị ${scope} / no unit ${scope} (import the geography first: vungxanh geo import --hcmc-2021)`);
}

async function withStore(command: Command, run: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(databaseUrl(command));
  try {
    await run(store);
  } catch (error) {
    if (error instanceof AccountError) {
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await store.close();
  }
}
