import { type Kysely, sql } from 'kysely';

import { isSqlite } from './dialect.ts';

/**
 * Corrected official cuts (issue 15). When data for a day arrives after its cut, an admin may
 * issue a corrected cut: a new record numbered 1, 2… per cut, with its reason, who issued it and
 * when, and the standings as known at that instant. The original cut is never touched (its own
 * trigger refuses updates), and a correction, once issued, is a record too: refused likewise.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaign_cut_corrections')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('group_kind', 'text', (c) => c.notNull())
    .addColumn('cut_date', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // The actor is kept for the audit trail; readers are shown the role only.
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_role', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('levels_as_of', 'text', (c) => c.notNull())
    .addColumn('standings', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_cut_corrections_pk', ['campaign_id', 'group_kind', 'cut_date', 'number'])
    .addForeignKeyConstraint(
      'campaign_cut_corrections_cut',
      ['campaign_id', 'group_kind', 'cut_date'],
      'campaign_cuts',
      ['campaign_id', 'group_kind', 'cut_date'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  if (isSqlite(db)) {
    await sql`create trigger campaign_cut_corrections_issued before update on campaign_cut_corrections
      begin select raise(abort, 'corrected cuts are records and cannot be updated'); end`.execute(db);
  } else {
    await sql`create function campaign_cut_corrections_issued() returns trigger language plpgsql as $$
      begin raise exception 'corrected cuts are records and cannot be updated'; end $$`.execute(db);
    await sql`create trigger campaign_cut_corrections_issued before update on campaign_cut_corrections
      for each row execute function campaign_cut_corrections_issued()`.execute(db);
  }
}
