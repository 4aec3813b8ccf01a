import { type Kysely, sql, SqliteAdapter } from 'kysely';

import { audit } from './audit.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** A webhook as an admin reads it: never its secret, which is shown once, when it is created. */
export interface Webhook {
  id: number;
  url: string;
  scope: string;
  rules: string[] | null;
  createdBy: string;
  createdAt: string;
}

export interface NewWebhook {
  url: string;
  scope: string;
  rules: string[] | null;
  secret: string;
}

type WebhookRow = Database['webhooks'] & { id: number };

const toWebhook = (r: WebhookRow): Webhook => ({
  id: Number(r.id),
  url: r.url,
  scope: r.scope,
  rules: r.rules === null ? null : (JSON.parse(r.rules) as string[]),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function addWebhook(db: Kysely<Database>, hook: NewWebhook, actor: string, channel: string, now = new Date()): Promise<Webhook> {
  return writeTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('webhooks')
      .values({
        url: hook.url,
        scope: hook.scope,
        rules: hook.rules === null ? null : JSON.stringify(hook.rules),
        secret: hook.secret,
        created_by: actor,
        created_at: now.toISOString(),
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The secret is never audited: the log is read by admins who did not create the webhook.
    await audit(tx, { actor, channel, action: 'webhook.add', detail: { id: Number(row.id), url: hook.url, scope: hook.scope, rules: hook.rules } }, now);
    return toWebhook(row as WebhookRow);
  });
}

/** Webhooks not deleted, oldest first. */
export async function listWebhooks(db: Kysely<Database>): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => toWebhook(r as WebhookRow));
}

export async function getWebhook(db: Kysely<Database>, id: number): Promise<Webhook | null> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? toWebhook(row as WebhookRow) : null;
}

/** Deletes a webhook: it gets no new deliveries, and its pending ones are dropped; its log stays. Audited. */
export async function deleteWebhook(db: Kysely<Database>, id: number, actor: string, channel: string, now = new Date()): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('webhooks')
      .set({ deleted_at: now.toISOString() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await tx.updateTable('webhook_deliveries').set({ status: 'cancelled' }).where('webhook_id', '=', id).where('status', '=', 'pending').execute();
    await audit(tx, { actor, channel, action: 'webhook.delete', detail: { id } }, now);
    return true;
  });
}

/** The webhooks an alert goes to: those whose scope holds its unit and whose rule filter (if any) names its rule. */
export async function matchingWebhooks(tx: Kysely<Database>, unitPath: string, rule: string): Promise<number[]> {
  const rows = await tx.selectFrom('webhooks').select(['id', 'scope', 'rules']).where('deleted_at', 'is', null).execute();
  return rows
    .filter((r) => unitPath.includes(`/${r.scope}/`) && (r.rules === null || (JSON.parse(r.rules) as string[]).includes(rule)))
    .map((r) => Number(r.id));
}

/** A delivery a worker holds under its lease, with what it sends and where. */
export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  url: string;
  secret: string;
  attempts: number;
  alert: {
    id: number;
    rule: string;
    kind: string;
    severity: string;
    unit: string;
    date: string;
    level: number | null;
    message: { vi: string; en: string };
    detail: unknown;
    raisedAt: string;
  };
}

/**
 * Claims up to `limit` due deliveries for `owner` until `leaseUntil`: pending, due, and not
 * leased or leased by a worker whose lease ran out (it died mid-delivery: at-least-once). One
 * statement, so two workers never claim the same row: SQLite has one writer; PostgreSQL skips
 * rows another worker's claim has locked.
 */
export async function claimDeliveries(db: Kysely<Database>, owner: string, now: Date, leaseMs: number, limit = 10): Promise<ClaimedDelivery[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  // A read first: most polls find nothing due, and then take no write lock (nor wake the feed's followers).
  const due = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .limit(1)
    .executeTakeFirst();
  if (!due) return [];
  const lock = db.getExecutor().adapter instanceof SqliteAdapter ? sql`` : sql`for update skip locked`;
  const claimed = await writeTransaction(db, async (tx) => {
    const result = await sql<{ id: number }>`
      update webhook_deliveries set lease_owner = ${owner}, lease_until = ${until}
      where id in (
        select id from webhook_deliveries
        where status = 'pending' and next_attempt_at <= ${at} and (lease_until is null or lease_until < ${at})
        order by id limit ${limit} ${lock}
      )
      returning id`.execute(tx);
    return result.rows.map((r) => Number(r.id));
  });
  if (claimed.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('alerts as a', 'a.id', 'd.alert_id')
    .select([
      'd.id as id',
      'd.webhook_id as webhookId',
      'd.attempts as attempts',
      'w.url as url',
      'w.secret as secret',
      'a.id as alertId',
      'a.rule as rule',
      'a.kind as kind',
      'a.severity as severity',
      'a.unit_code as unit',
      'a.date as date',
      'a.level as level',
      'a.message_vi as vi',
      'a.message_en as en',
      'a.detail as detail',
      'a.raised_at as raisedAt',
    ])
    .where('d.id', 'in', claimed)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhookId),
    url: r.url,
    secret: r.secret,
    attempts: Number(r.attempts),
    alert: {
      id: Number(r.alertId),
      rule: r.rule,
      kind: r.kind,
      severity: r.severity,
      unit: r.unit,
      date: r.date,
      level: r.level === null ? null : Number(r.level),
      message: { vi: r.vi, en: r.en },
      detail: JSON.parse(r.detail) as unknown,
      raisedAt: r.raisedAt,
    },
  }));
}

export interface AttemptOutcome {
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  delivered: boolean;
  /** When to try again; null: give up (the delivery is marked failed). Ignored when delivered. */
  retryAt: string | null;
}

/**
 * Logs one attempt and moves the delivery on: delivered, due again later, or failed. A worker
 * whose lease ran out (another took the delivery over) still logs what it saw, and a success
 * still marks the delivery delivered, so it is not sent again needlessly.
 */
export async function recordAttempt(db: Kysely<Database>, deliveryId: number, owner: string, outcome: AttemptOutcome): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const row = await tx.selectFrom('webhook_deliveries').select(['attempts', 'status']).where('id', '=', deliveryId).executeTakeFirstOrThrow();
    const attempt = Number(row.attempts) + 1;
    await tx
      .insertInto('webhook_attempts')
      .values({ delivery_id: deliveryId, attempt, at: outcome.at, status_code: outcome.statusCode, duration_ms: outcome.durationMs, error: outcome.error })
      .execute();
    if (row.status !== 'pending') return;
    let update = tx
      .updateTable('webhook_deliveries')
      .set(
        outcome.delivered
          ? { attempts: attempt, status: 'delivered', delivered_at: outcome.at, lease_owner: null, lease_until: null }
          : {
              attempts: attempt,
              status: outcome.retryAt === null ? 'failed' : 'pending',
              next_attempt_at: outcome.retryAt ?? outcome.at,
              lease_owner: null,
              lease_until: null,
            },
      )
      .where('id', '=', deliveryId);
    if (!outcome.delivered) update = update.where('lease_owner', '=', owner);
    await update.execute();
  });
}

export interface DeliveryLog {
  id: number;
  alert: number;
  status: string;
  attempts: Array<{ attempt: number; at: string; statusCode: number | null; durationMs: number; error: string | null }>;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

/** A webhook's deliveries, newest first, each with its attempts in order. */
export async function listDeliveries(db: Kysely<Database>, webhookId: number, limit = 100): Promise<DeliveryLog[]> {
  const deliveries = await db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit).execute();
  if (deliveries.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      deliveries.map((d) => Number(d.id)),
    )
    .orderBy('id')
    .execute();
  return deliveries.map((d) => ({
    id: Number(d.id),
    alert: Number(d.alert_id),
    status: d.status,
    attempts: attempts
      .filter((a) => Number(a.delivery_id) === Number(d.id))
      .map((a) => ({
        attempt: Number(a.attempt),
        at: a.at,
        statusCode: a.status_code === null ? null : Number(a.status_code),
        durationMs: Number(a.duration_ms),
        error: a.error,
      })),
    createdAt: d.created_at,
    deliveredAt: d.delivered_at,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
  }));
}
