import type { Kysely } from 'kysely';

import type { AlertDraft } from '../core/alerts/alert.ts';
import type { Severity } from '../core/alerts/alert-rules.ts';
import type { Role } from '../core/auth/roles.ts';
import { audit } from './audit.ts';
import { advanceCursor, appendChange, cursorPosition, feedPosition } from './change-feed-store.ts';
import type { AlertsTable, Database } from './schema.ts';
import { matchingWebhooks } from './webhook-store.ts';
import { writeTransaction } from './write-transaction.ts';

/** The `feed_cursors` row that says up to which feed position alerts have been evaluated. */
export const ALERT_CURSOR = 'alerts';

/** What the change feed carries for each alert raised (kind `alert`), for every instance's signed-in streams. */
export interface AlertChange {
  type: 'alert.raised';
  id: number;
  rule: string;
  kind: string;
  severity: string;
  unit: string;
  /** `/79/760/26740/`: who may hear it is decided from this without reading the store. */
  unitPath: string;
  level: number | null;
  date: string;
  message: { vi: string; en: string };
  audience: Role[] | null;
}

/** An alert as a member reads it. */
export interface StoredAlert {
  id: number;
  key: string;
  rule: string;
  kind: string;
  severity: Severity;
  unit: string;
  date: string;
  level: number | null;
  message: { vi: string; en: string };
  detail: unknown;
  audience: Role[] | null;
  raisedAt: string;
  acknowledged: { by: string; at: string } | null;
  /** When this member read it; null: unread. */
  readAt: string | null;
}

/** The role-scopes a member reads with: an alert is theirs when one holds its unit and is in its audience. */
export type MemberScopes = ReadonlyArray<{ role: Role; scope: string }>;

const audienceText = (audience: readonly Role[] | undefined) => (audience ? `,${audience.join(',')},` : null);
const audienceOf = (text: string | null) => (text === null ? null : (text.split(',').filter(Boolean) as Role[]));

/**
 * The alert cursor, created at the feed's position now when this deployment has none (a fresh
 * database, whose start-up loaded history nobody needs alerts about): from then on the cursor
 * only moves with the alerts it covers.
 */
export async function alertCursor(db: Kysely<Database>): Promise<number> {
  const at = await cursorPosition(db, ALERT_CURSOR);
  if (at !== null) return at;
  await db
    .insertInto('feed_cursors')
    .values({ name: ALERT_CURSOR, position: await feedPosition(db) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await cursorPosition(db, ALERT_CURSOR))!;
}

/**
 * Raises the alerts evaluated from the feed up to `through`, and moves the cursor there, in one
 * transaction: no alert is lost if the process dies before it commits (the cursor stays behind
 * and the next start evaluates again), and none is raised twice (its key is unique: an instance
 * that evaluated the same entries adds nothing). Each new alert appends an `alert` entry to the
 * feed and a delivery for each webhook whose scope holds it. False when another instance had
 * already moved the cursor to `through` or past it: then nothing is written.
 */
export async function raiseAlerts(
  db: Kysely<Database>,
  through: number,
  drafts: readonly AlertDraft[],
  pathOf: (unit: string) => string,
  now = new Date(),
): Promise<{ moved: boolean; raised: number[] }> {
  return writeTransaction(db, async (tx) => {
    if (!(await advanceCursor(tx, ALERT_CURSOR, through, { strict: true }))) return { moved: false, raised: [] };
    const raised: number[] = [];
    for (const draft of drafts) {
      const unitPath = pathOf(draft.unit);
      const row = await tx
        .insertInto('alerts')
        .values({
          key: draft.key,
          rule: draft.rule,
          kind: draft.kind,
          severity: draft.severity,
          unit_code: draft.unit,
          unit_path: unitPath,
          date: draft.date,
          level: draft.level,
          message_vi: draft.message.vi,
          message_en: draft.message.en,
          detail: JSON.stringify(draft.detail),
          audience: audienceText(draft.audience),
          raised_at: now.toISOString(),
          acked_by: null,
          acked_at: null,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      const id = Number(row.id);
      raised.push(id);
      const change: AlertChange = {
        type: 'alert.raised',
        id,
        rule: draft.rule,
        kind: draft.kind,
        severity: draft.severity,
        unit: draft.unit,
        unitPath,
        level: draft.level,
        date: draft.date,
        message: draft.message,
        audience: draft.audience ? [...draft.audience] : null,
      };
      await appendChange(tx, 'alert', change, now);
      for (const hook of await matchingWebhooks(tx, unitPath, draft.rule)) {
        await tx
          .insertInto('webhook_deliveries')
          .values({
            webhook_id: hook,
            alert_id: id,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now.toISOString(),
            lease_owner: null,
            lease_until: null,
            created_at: now.toISOString(),
            delivered_at: null,
          })
          .execute();
      }
    }
    return { moved: true, raised };
  });
}

/** Whether an alert's unit path and audience let one of a member's role-scopes see it. */
export function visibleTo(scopes: MemberScopes, unitPath: string, audience: readonly Role[] | null): boolean {
  return scopes.some((s) => unitPath.includes(`/${s.scope}/`) && (audience === null || audience.includes(s.role)));
}

function toAlert(row: AlertsTable & { id: number; read_at?: string | null }): StoredAlert {
  return {
    id: Number(row.id),
    key: row.key,
    rule: row.rule,
    kind: row.kind,
    severity: row.severity as Severity,
    unit: row.unit_code,
    date: row.date,
    level: row.level === null ? null : Number(row.level),
    message: { vi: row.message_vi, en: row.message_en },
    detail: JSON.parse(row.detail) as unknown,
    audience: audienceOf(row.audience),
    raisedAt: row.raised_at,
    acknowledged: row.acked_by && row.acked_at ? { by: row.acked_by, at: row.acked_at } : null,
    readAt: row.read_at ?? null,
  };
}

export interface AlertFilter {
  scopes: MemberScopes;
  /** Who reads: their read marks are joined in. */
  member: string;
  unread?: boolean;
  unacknowledged?: boolean;
  /** Alerts about this unit or a unit inside it. */
  unit?: string;
  /** Raised at or after this instant (ISO). */
  since?: string;
  /** Paging: alerts older (smaller id) than this one. */
  before?: number;
  limit: number;
}

/** A member's alerts, newest first: only those whose unit one of their roles' scopes holds, for that role. */
export async function listAlerts(db: Kysely<Database>, filter: AlertFilter): Promise<StoredAlert[]> {
  if (filter.scopes.length === 0) return [];
  let q = db
    .selectFrom('alerts')
    .leftJoin('alert_reads', (j) => j.onRef('alert_reads.alert_id', '=', 'alerts.id').on('alert_reads.member', '=', filter.member))
    .selectAll('alerts')
    .select('alert_reads.read_at')
    .where((eb) =>
      eb.or(
        filter.scopes.map((s) =>
          eb.and([
            eb('alerts.unit_path', 'like', `%/${s.scope}/%`),
            eb.or([eb('alerts.audience', 'is', null), eb('alerts.audience', 'like', `%,${s.role},%`)]),
          ]),
        ),
      ),
    );
  if (filter.unread) q = q.where('alert_reads.read_at', 'is', null);
  if (filter.unacknowledged) q = q.where('alerts.acked_at', 'is', null);
  if (filter.unit) q = q.where('alerts.unit_path', 'like', `%/${filter.unit}/%`);
  if (filter.since) q = q.where('alerts.raised_at', '>=', filter.since);
  if (filter.before !== undefined) q = q.where('alerts.id', '<', filter.before);
  const rows = await q.orderBy('alerts.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => toAlert(r as AlertsTable & { id: number; read_at: string | null }));
}

/** One alert as a member reads it (their read mark joined), or null when there is none with that id. */
export async function getAlert(db: Kysely<Database>, id: number, member: string): Promise<(StoredAlert & { unitPath: string }) | null> {
  const row = await db
    .selectFrom('alerts')
    .leftJoin('alert_reads', (j) => j.onRef('alert_reads.alert_id', '=', 'alerts.id').on('alert_reads.member', '=', member))
    .selectAll('alerts')
    .select('alert_reads.read_at')
    .where('alerts.id', '=', id)
    .executeTakeFirst();
  return row ? { ...toAlert(row as AlertsTable & { id: number; read_at: string | null }), unitPath: row.unit_path } : null;
}

/** Marks an alert read by a member (the first time counts; reading again changes nothing), audited. */
export async function markAlertRead(db: Kysely<Database>, id: number, member: string, actor: string, channel: string, now = new Date()): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const result = await tx
      .insertInto('alert_reads')
      .values({ alert_id: id, member, read_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['alert_id', 'member']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) await audit(tx, { actor, channel, action: 'alert.read', detail: { alert: id } }, now);
  });
}

/**
 * Acknowledges an alert for every member who sees it: once, recording who and when; a later
 * acknowledgement changes nothing and answers the first. Audited.
 */
export async function acknowledgeAlert(db: Kysely<Database>, id: number, by: string, channel: string, now = new Date()): Promise<{ by: string; at: string }> {
  return writeTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('alerts')
      .set({ acked_by: by, acked_at: now.toISOString() })
      .where('id', '=', id)
      .where('acked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await audit(tx, { actor: by, channel, action: 'alert.ack', detail: { alert: id } }, now);
    const row = await tx.selectFrom('alerts').select(['acked_by', 'acked_at']).where('id', '=', id).executeTakeFirstOrThrow();
    return { by: row.acked_by!, at: row.acked_at! };
  });
}
