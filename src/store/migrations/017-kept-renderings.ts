import type { Kysely } from 'kysely';

import { isSqlite } from './dialect.ts';

/**
 * Kept renderings (docs/verify.md): the SVG of every image drawn with a signed published state,
 * as it was drawn, so /verify shows the official rendering of that very state long after the
 * data moved on (a corrected count, a day added) — not today's reading of the same image. Keyed
 * by the state's canonical text, which the signature covers; gzip-compressed (a city map's SVG
 * is a few hundred kilobytes, tens once compressed). In the database, so backups keep them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kept_renderings')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('svg_gzip', isSqlite(db) ? 'blob' : 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kept_renderings_position').on('kept_renderings').column('position').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kept_renderings').execute();
}
