import { type Kysely, sql } from 'kysely';

import { isSqlite } from './dialect.ts';

/**
 * Emulation campaigns and their official cuts. A campaign is stored whole as JSON (validated by
 * src/core/campaign/campaign.ts before it lands). A cut is the standings of one group on one
 * date, frozen at the date's cut instant: rows are inserted once and never updated, so the
 * primary key doubles as the guard against a second freeze.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_cuts')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('cut_date', 'text', (c) => c.notNull())
    .addColumn('group_kind', 'text', (c) => c.notNull())
    .addColumn('cut_at', 'text', (c) => c.notNull())
    .addColumn('levels_as_of', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text', (c) => c.notNull())
    .addColumn('standings', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_cuts_pk', ['campaign_id', 'group_kind', 'cut_date'])
    .execute();

  // A frozen cut is a record of what was official: the database itself refuses to change one.
  if (isSqlite(db)) {
    await sql`create trigger campaign_cuts_frozen before update on campaign_cuts
      begin select raise(abort, 'official cuts are frozen and cannot be updated'); end`.execute(db);
  } else {
    await sql`create function campaign_cuts_frozen() returns trigger language plpgsql as $$
      begin raise exception 'official cuts are frozen and cannot be updated'; end $$`.execute(db);
    await sql`create trigger campaign_cuts_frozen before update on campaign_cuts
      for each row execute function campaign_cuts_frozen()`.execute(db);
  }
}
