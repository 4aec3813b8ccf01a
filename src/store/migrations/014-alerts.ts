import { type Kysely, sql } from 'kysely';

import { autoId } from './dialect.ts';

/**
 * Alerts (issue #18 item 3, docs/alerts.md). `alerts` holds each alert once per deployment: its
 * deterministic key is unique, so instances racing to raise it keep one. `alert_reads` records who
 * read which alert (per member); the acknowledgement, once per alert, sits on the alert itself.
 * The processor's cursor is the `alerts` row of `feed_cursors`, started here at the feed's
 * current position: a database that already holds history raises alerts from now on rather than
 * re-living its past at the first start. Webhooks and their deliveries form an outbox: a delivery
 * row is written in the alert's own transaction and workers claim due rows under a lease, so a
 * delivery survives a crash (at-least-once); every attempt is logged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    /** `/79/760/26740/`: the unit and its ancestors, so a scope filter is one LIKE on either engine. */
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('level', 'integer')
    .addColumn('message_vi', 'text', (c) => c.notNull())
    .addColumn('message_en', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    /** `,analyst,admin,` when only some roles are told; null: every role whose scope holds the unit. */
    .addColumn('audience', 'text')
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acked_by', 'text')
    .addColumn('acked_at', 'text')
    .execute();
  await db.schema.createIndex('alerts_unit').on('alerts').column('unit_code').execute();
  await db.schema
    .createTable('alert_reads')
    .addColumn('alert_id', 'integer', (c) => c.notNull().references('alerts.id'))
    .addColumn('member', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_reads_pk', ['alert_id', 'member'])
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    /** JSON array of rule ids, or null for every rule. */
    .addColumn('rules', 'text')
    /** The HMAC key: kept as it is, since signing needs it (docs/security.md). */
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id'))
    .addColumn('alert_id', 'integer', (c) => c.notNull().references('alerts.id'))
    /** pending, delivered, failed (gave up after the last attempt). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'alert_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    /** The receiver's HTTP status; null when none came (refused, timed out). */
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').column('delivery_id').execute();

  // Only a feed with history gets its cursor here; a fresh database's is set by the first
  // server to start (src/app/alerts.ts), after whatever the start-up loaded.
  await sql`insert into feed_cursors (name, position) select 'alerts', max(id) from change_feed having max(id) is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('feed_cursors').where('name', '=', 'alerts').execute();
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks', 'alert_reads', 'alerts']) await db.schema.dropTable(table).execute();
}
