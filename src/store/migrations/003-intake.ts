import { type Kysely, sql } from 'kysely';

import { autoId, isSqlite } from './dialect.ts';

/**
 * Intake: accounts and tokens, the append-only ledger (case versions, test and count reports),
 * rejected rows with their reasons, and import jobs. The cube tables (002) are kept current from
 * these in the same transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    /** scrypt hash of the password, for a later sign-in page; null for machine-only users. */
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    /** Root of the unit subtree the role applies to. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role', 'scope'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    /** Public part of the token, used to find it; the secret part is only stored hashed. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  // Every version ever received; the current one is the highest. WITHOUT ROWID on SQLite makes
  // the primary key the table itself, so an import writes one B-tree instead of two.
  await db.schema
    .createTable('case_records')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('confirmed_date', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('source_known', 'integer', (c) => c.notNull())
    .addColumn('source_place', 'text')
    .addColumn('cluster', 'text')
    .addColumn('household', 'text')
    .addColumn('void', 'integer', (c) => c.notNull())
    /** The write batch; its audit entry says who sent it, when and through which channel. */
    .addColumn('batch', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_records_pk', ['id', 'version'])
    .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
    .execute();

  await db.schema
    .createTable('test_counts')
    .addColumn('seq', 'integer', autoId(db))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('tested', 'integer', (c) => c.notNull())
    .addColumn('positive', 'integer', (c) => c.notNull())
    .addColumn('batch', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('test_counts_key').on('test_counts').columns(['unit_code', 'date', 'seq']).execute();

  await db.schema
    .createTable('daily_counts')
    .addColumn('seq', 'integer', autoId(db))
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .addColumn('source_known', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('batch', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('daily_counts_key').on('daily_counts').columns(['unit_code', 'date', 'setting', 'source_known', 'seq']).execute();

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    /** queued | running | done | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    /** Touched after every committed batch: a running job whose heartbeat stops was interrupted. */
    .addColumn('heartbeat_at', 'text')
    .execute();

  await db.schema
    .createTable('rejects')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    /** The sender's scope root (null: unrestricted), so officers list only what their subtree sent. */
    .addColumn('scope', 'text')
    .addColumn('batch', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    /** Array index (API) or spreadsheet row (files). */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'text')
    /** JSON of the row's known fields as received (unknown columns are never stored). */
    .addColumn('raw', 'text', (c) => c.notNull())
    /** JSON array of {field, code, message, candidates?}. */
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('rejects_import').on('rejects').columns(['import_id', 'position']).execute();
  await db.schema.createIndex('rejects_open').on('rejects').columns(['resolved_at', 'id']).execute();
}
