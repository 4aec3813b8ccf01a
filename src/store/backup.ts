import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

import SQLite from 'better-sqlite3';
import { sql } from 'kysely';

import { isPostgresUrl, openStore, postgresTarget, sqlitePath, type Store } from './database.ts';
import { isKnownMigration, migrationState } from './migrate.ts';

const run = promisify(execFile);

/** A backup or restore that was not done, and why, in Vietnamese and English: the operator reads it as it is. */
export class BackupRefused extends Error {}

export interface BackupDone {
  engine: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
  /** The last migration the copied schema had: the release that made it. */
  migration: string | null;
}

export interface RestoreDone extends BackupDone {
  /** Whether a database holding data was replaced (only with `force`). */
  replaced: boolean;
}

/** The tables only the migrator writes: a database holding nothing else holds no data. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * Copies the database at `url` into `out`: SQLite through its online backup (the server may
 * be running and writing; the copy is one consistent moment), PostgreSQL with `pg_dump` of the
 * deployment's schema in its custom format. Written beside `out` first and renamed into place,
 * so an interrupted backup never leaves a file that looks whole.
 */
export async function backupDatabase(url: string, out: string, options: { force?: boolean } = {}): Promise<BackupDone> {
  out = resolve(out);
  if (existsSync(out) && !options.force)
    throw new BackupRefused(`Tệp ${out} đã có; dùng --force để ghi đè / ${out} already exists; use --force to overwrite it`);
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  try {
    const done = isPostgresUrl(url) ? await dumpPostgres(url, partial) : await backupSqlite(url, partial);
    renameSync(partial, out);
    return { ...done, file: out, bytes: statSync(out).size };
  } finally {
    rmSync(partial, { force: true });
  }
}

async function backupSqlite(url: string, partial: string): Promise<Omit<BackupDone, 'file' | 'bytes'>> {
  const path = resolve(sqlitePath(url));
  if (!existsSync(path)) throw new BackupRefused(`Không có cơ sở dữ liệu ${path} / there is no database at ${path}`);
  const source = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    // Page by page, letting the server's writes in between; what the WAL holds is included.
    await source.backup(partial);
  } finally {
    source.close();
  }
  // The copy inherits WAL mode; a backup should be one self-contained file.
  const copy = new SQLite(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    return { engine: 'sqlite', migration: lastMigration(copy) };
  } finally {
    copy.close();
  }
}

async function dumpPostgres(url: string, partial: string): Promise<Omit<BackupDone, 'file' | 'bytes'>> {
  const target = postgresTarget(url);
  const state = await postgresMigrations(url);
  if (state.applied.length === 0)
    throw new BackupRefused(`Schema ${target.schema} không chứa cơ sở dữ liệu Vùng Xanh / schema ${target.schema} holds no Vùng Xanh database`);
  await pgTool('pg_dump', ['--format=custom', `--schema=${target.schema}`, '--no-owner', '--no-privileges', `--file=${partial}`], target.url);
  return { engine: 'postgres', migration: state.applied.at(-1) ?? null };
}

/**
 * Puts a backup made by `backupDatabase` in place of the database at `url`. A database holding
 * data is replaced only with `force`. The server must be stopped: it would go on writing into
 * what is being replaced (SQLite) or find its tables gone mid-request (PostgreSQL).
 */
export async function restoreDatabase(url: string, file: string, options: { force?: boolean } = {}): Promise<RestoreDone> {
  file = resolve(file);
  if (!existsSync(file)) throw new BackupRefused(`Không có tệp ${file} / there is no file ${file}`);
  const kind = backupKind(file);
  const postgres = isPostgresUrl(url);
  if (kind === null) throw new BackupRefused(`${file} không phải tệp sao lưu của vungxanh backup / ${file} is not a backup made by vungxanh backup`);
  if (kind !== (postgres ? 'postgres' : 'sqlite'))
    throw new BackupRefused(
      kind === 'postgres'
        ? `${file} là bản sao lưu PostgreSQL; hãy phục hồi vào một URL postgres:// / ${file} is a PostgreSQL backup: restore it into a postgres:// URL`
        : `${file} là bản sao lưu SQLite; hãy phục hồi vào một URL sqlite: / ${file} is a SQLite backup: restore it into a sqlite: URL`,
    );
  const done = postgres ? await restorePostgres(url, file, options.force ?? false) : await restoreSqlite(url, file, options.force ?? false);
  return { ...done, file, bytes: statSync(file).size };
}

/** What a file is, by its first bytes: SQLite's header, or pg_dump's custom format. */
function backupKind(file: string): 'sqlite' | 'postgres' | null {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return null;
}

async function restoreSqlite(url: string, file: string, force: boolean): Promise<Omit<RestoreDone, 'file' | 'bytes'>> {
  const migration = checkSqliteBackup(file);
  const path = resolve(sqlitePath(url));
  const replaced = existsSync(path) && sqliteHoldsData(path);
  if (replaced && !force) throw refusedNotEmpty(path);
  // Copied beside the database and renamed over it: the database is either the old one or the
  // backup, never half of each. The old database's WAL and shared-memory files go first, or
  // SQLite would replay the old WAL onto the restored file.
  const incoming = join(dirname(path), `.${basename(path)}.restoring-${process.pid}`);
  try {
    copyFileSync(file, incoming);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    renameSync(incoming, path);
  } finally {
    rmSync(incoming, { force: true });
  }
  return { engine: 'sqlite', migration, replaced };
}

/** A SQLite backup is restored only whole, and only if this release can read its schema. */
function checkSqliteBackup(file: string): string | null {
  const backup = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupRefused(`${file} bị hỏng (${String(check)}) / ${file} is damaged (${String(check)})`);
    const hasMigrations = backup.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get() !== undefined;
    if (!hasMigrations) throw new BackupRefused(`${file} không chứa cơ sở dữ liệu Vùng Xanh / ${file} holds no Vùng Xanh database`);
    const applied = (backup.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name);
    refuseNewerRelease(file, applied);
    return lastMigration(backup);
  } finally {
    backup.close();
  }
}

/** A backup whose schema a newer release made: this release's code would misread it, and its migrator refuses it. */
function refuseNewerRelease(file: string, applied: string[]): void {
  const unknown = applied.filter((name) => !isKnownMigration(name));
  if (unknown.length > 0)
    throw new BackupRefused(
      `${file} do một phiên bản mới hơn tạo (${unknown.join(', ')}); hãy phục hồi bằng phiên bản đó / ` +
        `${file} was made by a newer release (${unknown.join(', ')}); restore it with that release`,
    );
}

function lastMigration(db: SQLite.Database): string | null {
  const row = db.prepare('select max(name) as name from kysely_migration').get() as { name: string | null } | undefined;
  return row?.name ?? null;
}

function sqliteHoldsData(path: string): boolean {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as Array<{ name: string }>;
    return tables.some((t) => !BOOKKEEPING.has(t.name) && db.prepare(`select 1 from "${t.name.replaceAll('"', '""')}" limit 1`).get() !== undefined);
  } finally {
    db.close();
  }
}

/**
 * pg_restore cannot rename a schema, so a backup goes back into the schema it came from; the
 * database's current schema of that name is set aside (renamed) while the backup is restored
 * in one transaction, then dropped — or put back if the restore fails.
 */
async function restorePostgres(url: string, file: string, force: boolean): Promise<Omit<RestoreDone, 'file' | 'bytes'>> {
  const target = postgresTarget(url);
  const listing = await pgTool('pg_restore', ['--list', file]);
  const schemas = [...listing.matchAll(/^\d+; \d+ \d+ SCHEMA - (\S+) /gm)].map((m) => m[1]);
  if (schemas.length !== 1 || schemas[0] !== target.schema)
    throw new BackupRefused(
      `Bản sao lưu là của schema ${schemas.join(', ') || '?'}, còn URL chỉ tới schema ${target.schema}; dùng ?schema=${schemas[0] ?? '…'} / ` +
        `the backup holds schema ${schemas.join(', ') || '?'} but the URL names schema ${target.schema}; use ?schema=${schemas[0] ?? '…'}`,
    );
  const store = await openStore(target.url, { migrate: false });
  try {
    const exists = await schemaExists(store.db, target.schema);
    const replaced = exists && (await postgresHoldsData(store.db, target.schema));
    if (replaced && !force) throw refusedNotEmpty(`${store.location} (schema ${target.schema})`);
    const aside = `${target.schema}_before_restore_${process.pid}`.slice(0, 63);
    if (exists) await sql`alter schema ${sql.id(target.schema)} rename to ${sql.id(aside)}`.execute(store.db);
    /** Whatever the restore left goes, and the schema set aside comes back: the database as it was. */
    const putBack = async () => {
      await sql`drop schema if exists ${sql.id(target.schema)} cascade`.execute(store.db);
      if (exists) await sql`alter schema ${sql.id(aside)} rename to ${sql.id(target.schema)}`.execute(store.db);
    };
    let state;
    try {
      await pgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file], target.url);
      state = await migrationState(store.db, target.schema);
      // pg_restore cannot look inside before restoring: a newer release's backup is undone here.
      refuseNewerRelease(file, state.applied);
    } catch (error) {
      await putBack();
      throw error;
    }
    if (exists) await sql`drop schema ${sql.id(aside)} cascade`.execute(store.db);
    return { engine: 'postgres', migration: state.applied.at(-1) ?? null, replaced };
  } finally {
    await store.close();
  }
}

async function schemaExists(db: Store['db'], schema: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
  return rows.length > 0;
}

async function postgresHoldsData(db: Store['db'], schema: string): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = ${schema}`.execute(db);
  for (const { name } of rows) {
    if (BOOKKEEPING.has(name)) continue;
    const found = await sql`select 1 from ${sql.id(schema, name)} limit 1`.execute(db);
    if (found.rows.length > 0) return true;
  }
  return false;
}

async function postgresMigrations(url: string) {
  const target = postgresTarget(url);
  const store = await openStore(target.url, { migrate: false });
  try {
    return await migrationState(store.db, target.schema);
  } finally {
    await store.close();
  }
}

function refusedNotEmpty(where: string): BackupRefused {
  return new BackupRefused(
    `${where} đang chứa dữ liệu; dùng --force để thay bằng bản sao lưu / ${where} holds data; use --force to replace it with the backup`,
  );
}

/**
 * Runs pg_dump or pg_restore (from PATH: Debian's postgresql-client, of the server's major
 * version or newer) on the database at `url`, and returns what it printed; its own error text is
 * passed on when it fails. The password goes in PGPASSWORD, not on the command line, where any
 * user of the machine could read it in the process list.
 */
async function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url?: string): Promise<string> {
  const env = { ...process.env };
  if (url !== undefined) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
    args = [...args, `--dbname=${parsed.toString()}`];
  }
  try {
    const { stdout } = await run(tool, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new BackupRefused(
        `Không tìm thấy ${tool}; hãy cài postgresql-client cùng phiên bản với máy chủ / ${tool} not found: install postgresql-client of the server's version`,
      );
    throw new BackupRefused(`${tool} thất bại / ${tool} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}
