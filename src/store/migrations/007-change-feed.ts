import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import { autoId, isSqlite } from './dialect.ts';

/**
 * The change feed: every committed write appends an entry in its own transaction, with an id that
 * grows in commit order, and every server follows it, whoever wrote (issue 14). `deployment`
 * holds the database's own identity, which names this deployment on a shared Redis; `claims`
 * and `feed_cursors` let the first of several instances do once-per-deployment work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('change_feed')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('deployment')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('deployment').values({ key: 'id', value: randomUUID() }).execute();
  await db.schema
    .createTable('claims')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('feed_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('position', isSqlite(db) ? 'integer' : 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['feed_cursors', 'claims', 'deployment', 'change_feed']) await db.schema.dropTable(table).execute();
}
