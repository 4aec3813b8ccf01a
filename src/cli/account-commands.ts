import { userInfo } from 'node:os';

import type { Command } from 'commander';

import { isRole, type Role, ROLES } from '../core/auth/roles.ts';
import { displayDateTime } from '../core/time/local-date.ts';
import { AccountError, addUser, createToken, listTokens, listUsers, passwordProblem, revokeToken, setPassword } from '../store/accounts-store.ts';
import { openStore, type Store } from '../store/database.ts';
import { unitExists } from '../store/geography-store.ts';
import { databaseUrl } from './database-url.ts';

/** `vungxanh user add|list` and `vungxanh token create|list|revoke`: the accounts the write paths need. */
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
    .option('--password-stdin', 'read a password from standard input, to sign in on the web (stored as a scrypt hash)')
    .action(
      async (name: string, options: { role: string; scope: string; displayName?: string; passwordEnv?: string; passwordStdin?: boolean }, command: Command) => {
        const role = checkRole(options.role, command);
        const password = options.passwordStdin ? await passwordFromStdin(command) : options.passwordEnv ? process.env[options.passwordEnv] : undefined;
        if (options.passwordEnv && !password) command.error(`environment variable ${options.passwordEnv} is empty`);
        if (password !== undefined) checkPassword(password, command);
        await withStore(command, async (store) => {
          await checkScope(store, options.scope, command);
          const id = await addUser(store.db, { name, displayName: options.displayName, password, roles: [{ role, scope: options.scope }] }, actor());
          console.log(`Đã thêm người dùng / added user ${name} (id ${id}): ${role} @ ${options.scope}`);
        });
      },
    );

  user
    .command('list')
    .description('Liệt kê người dùng và vai trò / list users and their roles')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, async (store) => {
        const users = await listUsers(store.db);
        if (users.length === 0) console.log('Chưa có người dùng / no users yet');
        else {
          printTable(
            ['Tên / name', 'Vai trò @ phạm vi / role @ scope', 'Tạo lúc / created'],
            users.map((u) => [
              u.displayName ? `${u.name} (${u.displayName})` : u.name,
              u.roles.map((r) => `${r.role} @ ${r.scope}`).join(', ') || '—',
              displayDateTime(new Date(u.createdAt)),
            ]),
          );
        }
      });
    });

  user
    .command('password')
    .description(
      'Đặt mật khẩu đăng nhập web, đọc từ đầu vào chuẩn; các phiên đang mở kết thúc / set a web sign-in password read from standard input; open sessions end',
    )
    .argument('<name>', 'login name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const password = await passwordFromStdin(command);
      checkPassword(password, command);
      await withStore(command, async (store) => {
        await setPassword(store.db, name, password, actor(), 'cli');
        console.log(`Đã đặt mật khẩu / password set for ${name}`);
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
        console.log(
          `Mã truy cập / token ${created.id}: ${role} @ ${options.scope} (${options.label}). Lưu lại ngay, không hiển thị lại / store it now, it is not shown again:`,
        );
        console.log(created.token);
      });
    });
  token
    .command('list')
    .description('Liệt kê mã truy cập (không bao giờ in bí mật) / list API tokens (never their secrets)')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, async (store) => {
        const tokens = await listTokens(store.db);
        if (tokens.length === 0) console.log('Chưa có mã truy cập / no tokens yet');
        else {
          printTable(
            ['Mã / id', 'Vai trò / role', 'Phạm vi / scope', 'Nhãn / label', 'Người dùng / user', 'Tạo lúc / created', 'Trạng thái / status'],
            tokens.map((t) => [
              t.id,
              t.role,
              t.scope,
              t.label,
              t.user ?? '—',
              displayDateTime(new Date(t.createdAt)),
              t.revokedAt ? `đã thu hồi / revoked ${displayDateTime(new Date(t.revokedAt))}` : 'đang dùng / active',
            ]),
          );
        }
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

/** Columns padded to their widest cell, by UTF-16 length: a label typed with combining marks sits a little off, nothing worse. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/**
 * The password piped in (`printf %s "$PW" | vungxanh user password lan`), without the line end a
 * terminal or `echo` adds. Read from stdin, not an argument, so it never sits in `ps` or a shell history.
 */
async function passwordFromStdin(command: Command): Promise<string> {
  if (process.stdin.isTTY) command.error('--password-stdin: pipe the password in, e.g. printf %s "$PASSWORD" | vungxanh user …');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function checkPassword(password: string, command: Command): void {
  const fault = passwordProblem(password);
  if (fault) command.error(`mật khẩu / password: ${fault}`);
}

function actor(): string {
  return `cli:${userInfo().username}`;
}

function checkRole(role: string, command: Command): Role {
  if (!isRole(role)) command.error(`vai trò không hợp lệ / unknown role "${role}": use ${ROLES.join(', ')}`);
  return role as Role;
}

async function checkScope(store: Store, scope: string, command: Command): Promise<void> {
  if (!(await unitExists(store.db, scope)))
    command.error(`không có đơn vị ${scope} / no unit ${scope} (import the geography first: vungxanh geo import --hcmc-2021)`);
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
