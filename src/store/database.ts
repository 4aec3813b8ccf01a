import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';

import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import { registerSqliteHandle } from './write-transaction.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  /** The SQLite handle behind `db` (SQLite only): bulk paths use prepared statements on it inside a Kysely transaction. */
  sqlite?: SQLite.Database;
  /**
   * PostgreSQL only: listens on a NOTIFY channel over a connection of its own, reconnecting after
   * the server restarts. Returns a function that stops listening.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const DEFAULT_DATABASE_URL = 'sqlite:data/vungxanh.sqlite';

export interface OpenOptions {
  /** PostgreSQL schema to use (created if missing); lets tests run side by side in one database. */
  pgSchema?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /**
   * SQLite's `synchronous` setting (default FULL, or VX_SQLITE_SYNCHRONOUS): FULL syncs the WAL
   * at every commit, so an acknowledged write survives a power loss; NORMAL only a process crash.
   * The import benchmark measures both.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL only: give up connecting after this long (default: wait as long as the network does). */
  connectTimeoutMs?: number;
}

/**
 * Opens the store named by a URL: `sqlite:PATH` (or a bare path) for the embedded default,
 * `postgres://…` for PostgreSQL. Migrations run on open, so a fresh file or an empty database
 * is ready to use.
 */
export async function openStore(url: string = DEFAULT_DATABASE_URL, options: OpenOptions = {}): Promise<Store> {
  if (isPostgresUrl(url)) ({ url, options } = schemaFromUrl(url, options));
  const store = isPostgresUrl(url) ? await openPostgres(url, options) : openSqlite(url, options);
  if (options.migrate !== false) await migrateToLatest(store.db, store.engine === 'postgres' ? options.pgSchema : undefined);
  return store;
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/**
 * `postgres://…/db?schema=NAME` keeps a deployment in a schema of its own (several deployments,
 * or tests, on one database): the parameter is the driver's business no more, it becomes `pgSchema`.
 */
function schemaFromUrl(url: string, options: OpenOptions): { url: string; options: OpenOptions } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { url, options };
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), options: { ...options, pgSchema: options.pgSchema ?? schema } };
}

/** The PostgreSQL connection URL without `?schema=`, and the schema a deployment's tables live in (`public` by default). */
export function postgresTarget(url: string): { url: string; schema: string } {
  const { url: connection, options } = schemaFromUrl(url, {});
  return { url: connection, schema: options.pgSchema ?? 'public' };
}

/** The file a `sqlite:PATH` URL (or a bare path) names. */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

function openSqlite(url: string, options: OpenOptions): Store {
  const path = sqlitePath(url);
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(inMemory ? ':memory:' : path);
  // WAL lets readers go on while the writer commits. FULL syncs the WAL at every commit: what
  // the intake acknowledged survives a power loss, not only a process crash (issue 14).
  sqlite.pragma('journal_mode = WAL');
  const synchronous = options.synchronous ?? (process.env.VX_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL');
  sqlite.pragma(`synchronous = ${synchronous}`);
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
  registerSqliteHandle(db, sqlite);
  return { db, engine: 'sqlite', sqlite, location: inMemory ? 'sqlite::memory:' : `sqlite:${resolve(path)}`, close: () => db.destroy() };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A server that goes away (restart, failover) errors every connection. The pool handles its
  // idle ones ('error' here); a connection checked out between two queries (a transaction
  // computing its next statement) has nobody listening, and an 'error' event nobody listens to
  // ends the process. So every connection gets a listener: the query in flight still fails,
  // the pool drops the broken connection when it is released, the next request gets a 503.
  pool.on('error', () => {});
  pool.on('connect', (client) => void client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const redacted = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    engine: 'postgres',
    location: redacted + (schema ? ` (schema ${schema})` : ''),
    listen: async (channel, onNotify) => {
      const stop = await listenPostgres(url, channel, onNotify);
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((stop) => stop()));
      await db.destroy();
    },
  };
}

/** How long a lost LISTEN connection waits before connecting again. */
const RELISTEN_MS = 500;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). When the
 * server goes away the client errors; a new one is connected after a pause, for as long as the
 * listener is wanted. Notifications sent while it was away are lost: followers also poll.
 */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => onNotify(n.payload ?? ''));
    const again = () => {
      if (stopped || client !== c) return;
      client = null;
      retry = setTimeout(() => void connect().catch(again), RELISTEN_MS);
      retry.unref();
    };
    c.on('error', again);
    c.on('end', again);
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      // Not there yet (or restarting): keep trying in the background; followers poll meanwhile.
      void c.end().catch(() => {});
      again();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

pg.types.setTypeParser(20, (v) => Number(v)); // int8 (COUNT)
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (SUM)
