import type { Kysely } from 'kysely';

import { autoId } from './dialect.ts';

/** Units, their boundaries and adjacency, and the audit log every later write appends to. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('population', 'integer')
    .addPrimaryKeyConstraint('units_pk', ['code', 'valid_from'])
    .execute();
  await db.schema.createIndex('units_kind').on('units').columns(['kind']).execute();
  await db.schema.createIndex('units_parent').on('units').columns(['parent_code']).execute();

  await db.schema
    .createTable('boundaries')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('geometry', 'text', (c) => c.notNull())
    .addColumn('approximate', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('boundaries_kind').on('boundaries').columns(['kind']).execute();

  await db.schema
    .createTable('adjacency')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('a_code', 'text', (c) => c.notNull())
    .addColumn('b_code', 'text', (c) => c.notNull())
    .addColumn('shared_border_m', 'real')
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('adjacency_pk', ['a_code', 'b_code'])
    .execute();
  await db.schema.createIndex('adjacency_kind').on('adjacency').columns(['kind']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
}
