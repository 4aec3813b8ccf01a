import type { Kysely } from 'kysely';

/**
 * The daily cube (see src/core/cube/daily-facts.ts): per unit — the unit a record names and
 * every ancestor — per local date. Intake keeps these current inside the ledger transaction;
 * the engine reads them instead of the ledger. Booleans are 0/1 integers on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cube_cases')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('source_known', 'integer', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cube_cases_pk', ['unit_code', 'date', 'setting', 'source_known'])
    .execute();
  await db.schema.createIndex('cube_cases_date').on('cube_cases').columns(['date']).execute();

  await db.schema
    .createTable('cube_tests')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('tested', 'integer', (c) => c.notNull())
    .addColumn('positive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cube_tests_pk', ['unit_code', 'date'])
    .execute();

  await db.schema
    .createTable('cube_clusters')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text', (c) => c.notNull())
    .addColumn('source_known', 'integer', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cube_clusters_pk', ['unit_code', 'date', 'cluster', 'source_known'])
    .execute();

  await db.schema
    .createTable('cube_source_places')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cube_source_places_pk', ['unit_code', 'date', 'place'])
    .execute();

  await db.schema
    .createTable('cube_households')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('household', 'text', (c) => c.notNull())
    .addColumn('cases', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cube_households_pk', ['unit_code', 'date', 'household'])
    .execute();
}
