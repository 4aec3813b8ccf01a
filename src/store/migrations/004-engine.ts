import type { Kysely } from 'kysely';

import { autoId, isSqlite } from './dialect.ts';

/**
 * The risk engine's records. `assessments` is append-only: a recompute that changes what was
 * published for a unit and date adds a version, so "as published at T" and "as known now" both
 * stay answerable. Risk factors and overrides are analyst inputs; they are revoked, never deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const real = isSqlite(db) ? 'real' : 'double precision';
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('rulebook_id', 'text', (c) => c.notNull())
    .addColumn('rulebook_version', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('override_id', 'integer')
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessments_version_uq', ['rulebook_id', 'unit_code', 'date', 'version'])
    .execute();
  await db.schema.createIndex('assessments_by_date').on('assessments').columns(['rulebook_id', 'date']).execute();

  await db.schema
    .createTable('risk_factors')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text')
    .addColumn('value', real)
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();

  await db.schema
    .createTable('overrides')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('rulebook_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('until_date', 'text')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
}
