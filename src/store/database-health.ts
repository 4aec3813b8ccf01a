import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { sql } from 'kysely';

import { type Engine, isPostgresUrl, openStore, postgresTarget, sqlitePath } from './database.ts';
import { type MigrationState, migrationState } from './migrate.ts';

/** What the doctor learns from the database, changing nothing in it (no migration, no schema created). */
export interface DatabaseHealth {
  engine: Engine;
  /** Where the data lives, without credentials. */
  location: string;
  /** The SQLite file (SQLite only): its folder's free space is checked. */
  file?: string;
  migrations: MigrationState;
  /** PostgreSQL only: the server's clock, read halfway through a round trip of `roundTripMs`. */
  serverClock?: { at: Date; localAt: Date; roundTripMs: number };
}

/** The database named by `url` was not found where it should be (a SQLite file that does not exist). */
export class DatabaseMissing extends Error {}

/**
 * Connects to the database and reads where its schema stands. A SQLite file that does not exist
 * is reported, not created (opening one would create it). Fails as the driver fails when the
 * server is unreachable.
 */
export async function inspectDatabase(url: string, connectTimeoutMs?: number): Promise<DatabaseHealth> {
  if (!isPostgresUrl(url)) {
    const file = resolve(sqlitePath(url));
    if (!existsSync(file)) throw new DatabaseMissing(file);
    const store = await openStore(url, { migrate: false });
    try {
      return { engine: 'sqlite', location: store.location, file, migrations: await migrationState(store.db) };
    } finally {
      await store.close();
    }
  }
  // Opened without its schema: opening with one would create it.
  const target = postgresTarget(url);
  const store = await openStore(target.url, { migrate: false, connectTimeoutMs });
  try {
    const sent = Date.now();
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(store.db);
    const received = Date.now();
    const serverClock = { at: new Date(rows[0].now), localAt: new Date((sent + received) / 2), roundTripMs: received - sent };
    const migrations = await migrationState(store.db, target.schema);
    return { engine: 'postgres', location: `${store.location} (schema ${target.schema})`, migrations, serverClock };
  } finally {
    await store.close();
  }
}
