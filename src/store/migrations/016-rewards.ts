import type { Kysely } from 'kysely';

import { autoId, isSqlite } from './dialect.ts';

/**
 * Rewards (issue #19, docs/rewards.md): a campaign's reward scheme in versions, nominations with
 * their attachments and history, and the decisions that approve them. A decision is never edited
 * once approved: a new one supersedes it, and the old row keeps the reason and points at the new.
 * Who acted is kept for the audit trail; readers are shown the role and the unit of the role only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reward_schemes')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    /** `{criteria, forms}` as validated (src/core/rewards/reward-scheme.ts). */
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reward_schemes_pk', ['campaign_id', 'version'])
    .execute();

  await db.schema
    .createTable('reward_decisions')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('granting_unit', 'text', (c) => c.notNull())
    /** The decision's number and symbol as signed: "1234/QĐ-UBND". */
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signer_title', 'text', (c) => c.notNull())
    /** approved → published; approved|published → superseded. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('supersedes', 'integer')
    .addColumn('superseded_by', 'integer')
    .addColumn('superseded_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_role', 'text', (c) => c.notNull())
    .addColumn('created_scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('reward_decisions_campaign').on('reward_decisions').columns(['campaign_id', 'status']).execute();

  await db.schema
    .createTable('nominations')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('granting_unit', 'text', (c) => c.notNull())
    .addColumn('criterion_id', 'text', (c) => c.notNull())
    /** The standings facts that qualified a collective, as JSON, when it was proposed (or corrected). */
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text')
    .addColumn('person_position', 'text')
    .addColumn('person_kind', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'integer', (c) => c.references('reward_decisions.id'))
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_role', 'text', (c) => c.notNull())
    .addColumn('proposed_scope', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nominations_campaign').on('nominations').columns(['campaign_id', 'form_id', 'granting_unit', 'status']).execute();
  await db.schema.createIndex('nominations_unit').on('nominations').columns(['unit_code', 'status']).execute();

  /** The nominations a decision approved, as signed: kept when a later decision supersedes it. */
  await db.schema
    .createTable('reward_decision_nominations')
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('reward_decisions.id'))
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('nominations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reward_decision_nominations_pk', ['decision_id', 'nomination_id'])
    .execute();

  await db.schema
    .createTable('nomination_history')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('nominations.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('nomination_history_nomination').on('nomination_history').column('nomination_id').execute();

  await db.schema
    .createTable('nomination_attachments')
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('nominations.id').onDelete('cascade'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', isSqlite(db) ? 'blob' : 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('nomination_attachments_pk', ['nomination_id', 'n'])
    .execute();

  /**
   * One row per (campaign, form, granting unit, subject) quota, locked (FOR UPDATE on PostgreSQL)
   * by every step that can change what counts against it, so two Board members accepting the last
   * slot at once are serialised: the second sees the first's count. SQLite has one writer already.
   */
  await db.schema
    .createTable('reward_quota_locks')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('granting_unit', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reward_quota_locks_pk', ['campaign_id', 'form_id', 'granting_unit', 'subject'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reward_quota_locks').execute();
  await db.schema.dropTable('nomination_attachments').execute();
  await db.schema.dropTable('nomination_history').execute();
  await db.schema.dropTable('reward_decision_nominations').execute();
  await db.schema.dropTable('nominations').execute();
  await db.schema.dropTable('reward_decisions').execute();
  await db.schema.dropTable('reward_schemes').execute();
}
