import type { Kysely } from 'kysely';

import { autoId, isSqlite } from './dialect.ts';

/**
 * Appeals (issue #18 item 5, docs/appeals.md). A committee contests a unit's colour on a date; an
 * analyst accepts it (an override whose justification is the appeal) or rejects it with a reason.
 * The id is the appeal's public number. Who filed and who decided are kept for the audit trail;
 * readers are shown the role and the unit of the role only. Attachments are stored in the database
 * (a BLOB on SQLite, bytea on PostgreSQL) so a backup of the database holds them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appeals')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rulebook_id', 'text', (c) => c.notNull())
    /** The level the unit had on the date when the appeal was filed, as the committee saw it. */
    .addColumn('contested_level', 'integer')
    .addColumn('requested_level', 'integer')
    /** Public once accepted: the committee is told so on the form. */
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_role', 'text', (c) => c.notNull())
    .addColumn('filed_scope', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_role', 'text')
    .addColumn('decided_scope', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_level', 'integer')
    .addColumn('decision_reason', 'text')
    .addColumn('override_id', 'integer', (c) => c.references('overrides.id'))
    .execute();
  await db.schema.createIndex('appeals_unit').on('appeals').columns(['unit_code', 'status']).execute();
  await db.schema.createIndex('appeals_override').on('appeals').column('override_id').execute();

  await db.schema
    .createTable('appeal_attachments')
    .addColumn('appeal_id', 'integer', (c) => c.notNull().references('appeals.id').onDelete('cascade'))
    /** 1, 2, … in the order sent: the `n` of GET /appeals/{id}/attachments/{n}. */
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', isSqlite(db) ? 'blob' : 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('appeal_attachments_pk', ['appeal_id', 'n'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appeal_attachments').execute();
  await db.schema.dropTable('appeals').execute();
}
