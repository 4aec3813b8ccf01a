import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';

import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  /** The SQLite handle behind `db` (SQLite only): bulk paths use prepared statements on it inside a Kysely transaction. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/vungxanh.sqlite';

export interface OpenOptions {
  /** PostgreSQL schema to use (created if missing); lets tests run side by side in one database. */
  pgSchema?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

/**
 * Opens the store named by a URL: `sqlite:PATH` (or a bare path) for the embedded default,
 * `postgres://…` for PostgreSQL. Migrations run on open, so a fresh file or an empty database
 * is ready to use.
 */
export async function openStore(url: string = DEFAULT_DATABASE_URL, options: OpenOptions = {}): Promise<Store> {
  const store = url.startsWith('postgres://') || url.startsWith('postgresql://') ? await openPostgres(url, options) : openSqlite(url);
  if (options.migrate !== false) await migrateToLatest(store.db, store.engine === 'postgres' ? options.pgSchema : undefined);
  return store;
}

function openSqlite(url: string): Store {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(inMemory ? ':memory:' : path);
  // WAL lets readers go on while the writer commits; NORMAL sync keeps every committed
  // transaction across a process crash (SIGKILL), which is the durability the intake promises.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A page cache of up to 64 MiB (default 2 MiB): the ledger's primary key takes ids in no
  // particular order, so a bulk import touches pages all over its B-tree; with the small default
  // cache each insert re-reads evicted pages from the OS. Memory only: durability is unchanged.
  sqlite.pragma('cache_size = -65536');
  // Checkpoint the WAL into the database every 10,000 pages (40 MB) rather than SQLite's 1,000:
  // intake commits rewrite the same hot pages batch after batch (today's cube cells, the city's
  // row), and a checkpoint copies each page once however often it was rewritten since the last.
  // Measured on the API benchmark (batches of 1,000): about a fifth more records per second.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', sqlite, location: inMemory ? 'sqlite::memory:' : `sqlite:${resolve(path)}`, close: () => db.destroy() };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // COUNT and SUM come back as strings (int8/numeric); parse them at the boundary.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const redacted = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
  return { db, engine: 'postgres', location: redacted + (schema ? ` (schema ${schema})` : ''), close: () => db.destroy() };
}

pg.types.setTypeParser(20, (v) => Number(v)); // int8 (COUNT)
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (SUM)
