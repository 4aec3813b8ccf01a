import { createHash } from 'node:crypto';

import type { Kysely, Selectable } from 'kysely';

import { type Appeal, APPEAL_CHANGE_KIND, appealChange, type AppealParty, type AppealStatus, overrideJustification } from '../core/appeals/appeal.ts';
import type { AttachmentType } from '../core/appeals/attachment-type.ts';
import { addOverride } from './assessment-store.ts';
import { audit } from './audit.ts';
import { appendChange } from './change-feed-store.ts';
import { isSqlite } from './migrations/dialect.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Appeals and their attachments (migration 015, docs/appeals.md). Each step — filed, accepted,
 * rejected — writes the appeal, its audit entry and its change-feed entry (kind `appeal`, for the
 * alerts inbox) in one transaction; accepting writes the override in that same transaction too,
 * so an appeal is never marked accepted without its override, nor an override made twice.
 */

export interface NewAppeal {
  unit: string;
  date: string;
  rulebook: string;
  contestedLevel: number | null;
  requestedLevel: number | null;
  reason: string;
}

export interface NewAttachment {
  name: string;
  type: AttachmentType;
  content: Buffer;
}

/** Who acts: the actor the audit log names (never shown to others) and the role and unit others see. */
export interface AppealActor {
  actor: string;
  party: AppealParty;
  channel?: string;
}

type AppealRow = Selectable<Database['appeals']>;

function appealOf(r: AppealRow, attachments: Appeal['attachments']): Appeal {
  return {
    number: Number(r.id),
    unit: r.unit_code,
    date: r.date,
    rulebook: r.rulebook_id,
    contestedLevel: r.contested_level === null ? null : Number(r.contested_level),
    requestedLevel: r.requested_level === null ? null : Number(r.requested_level),
    reason: r.reason,
    status: r.status as AppealStatus,
    filedBy: { role: r.filed_role, unit: r.filed_scope },
    filedAt: r.filed_at,
    decidedBy: r.decided_role === null || r.decided_scope === null ? null : { role: r.decided_role, unit: r.decided_scope },
    decidedAt: r.decided_at,
    decidedLevel: r.decided_level === null ? null : Number(r.decided_level),
    decisionReason: r.decision_reason,
    override: r.override_id === null ? null : Number(r.override_id),
    attachments,
  };
}

async function attachmentsOf(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Appeal['attachments']>> {
  const out = new Map<number, Appeal['attachments']>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('appeal_attachments')
    .select(['appeal_id', 'n', 'file_name', 'media_type', 'size'])
    .where('appeal_id', 'in', ids)
    .orderBy('appeal_id')
    .orderBy('n')
    .execute();
  for (const r of rows) {
    const id = Number(r.appeal_id);
    out.set(id, [...(out.get(id) ?? []), { n: Number(r.n), name: r.file_name, type: r.media_type, size: Number(r.size) }]);
  }
  return out;
}

export async function fileAppeal(
  db: Kysely<Database>,
  input: NewAppeal,
  attachments: readonly NewAttachment[],
  by: AppealActor,
  at = new Date(),
): Promise<Appeal> {
  return writeTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('appeals')
      .values({
        unit_code: input.unit,
        date: input.date,
        rulebook_id: input.rulebook,
        contested_level: input.contestedLevel,
        requested_level: input.requestedLevel,
        reason: input.reason,
        status: 'open',
        filed_by: by.actor,
        filed_role: by.party.role,
        filed_scope: by.party.unit,
        filed_at: at.toISOString(),
        decided_by: null,
        decided_role: null,
        decided_scope: null,
        decided_at: null,
        decided_level: null,
        decision_reason: null,
        override_id: null,
      } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    const number = Number(row.id);
    const stored: Appeal['attachments'] = [];
    for (const [i, a] of attachments.entries()) {
      const sha256 = createHash('sha256').update(a.content).digest('hex');
      await tx
        .insertInto('appeal_attachments')
        .values({ appeal_id: number, n: i + 1, file_name: a.name, media_type: a.type, size: a.content.length, sha256, content: a.content })
        .execute();
      stored.push({ n: i + 1, name: a.name, type: a.type, size: a.content.length });
    }
    const appeal = appealOf(row as AppealRow, stored);
    await audit(
      tx,
      {
        actor: by.actor,
        channel: by.channel ?? 'api',
        action: 'appeal.file',
        detail: {
          appeal: number,
          unit: appeal.unit,
          date: appeal.date,
          requestedLevel: appeal.requestedLevel,
          reason: appeal.reason,
          attachments: stored.map((a) => ({ name: a.name, type: a.type, size: a.size })),
        },
      },
      at,
    );
    await appendChange(tx, APPEAL_CHANGE_KIND, appealChange(appeal), at);
    return appeal;
  });
}

export async function getAppeal(db: Kysely<Database>, number: number): Promise<Appeal | null> {
  const row = await db.selectFrom('appeals').selectAll().where('id', '=', number).executeTakeFirst();
  if (!row) return null;
  return appealOf(row, (await attachmentsOf(db, [number])).get(number) ?? []);
}

/** Appeals, newest first, narrowed by status and unit; the caller keeps those in its reader's scope. */
export async function listAppeals(db: Kysely<Database>, filter: { status?: AppealStatus; unit?: string; limit?: number } = {}): Promise<Appeal[]> {
  let q = db.selectFrom('appeals').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.unit) q = q.where('unit_code', '=', filter.unit);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  const files = await attachmentsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => appealOf(r, files.get(Number(r.id)) ?? []));
}

export async function appealAttachment(db: Kysely<Database>, number: number, n: number): Promise<{ name: string; type: string; content: Buffer } | null> {
  const row = await db
    .selectFrom('appeal_attachments')
    .select(['file_name', 'media_type', 'content'])
    .where('appeal_id', '=', number)
    .where('n', '=', n)
    .executeTakeFirst();
  return row ? { name: row.file_name, type: row.media_type, content: Buffer.from(row.content) } : null;
}

export type Decision = { decision: 'accepted'; state: string; level: number; until: string | null } | { decision: 'rejected'; reason: string };

/** What deciding found: the decided appeal, or that it was decided already (or does not exist). */
export type Decided = { appeal: Appeal } | { already: Appeal } | null;

/**
 * Decides an open appeal. Accepting makes the override (from the appeal's date, until `until` or
 * revoked) whose justification names the appeal; the override's own audit and feed entries come
 * with it, and the risk engine reapplies the unit when it reads them. The appeal row is read
 * under a lock (PostgreSQL: FOR UPDATE; SQLite: the write transaction holds the database), so two
 * analysts deciding at once make one decision and one 409.
 */
export async function decideAppeal(db: Kysely<Database>, number: number, decision: Decision, by: AppealActor, at = new Date()): Promise<Decided> {
  return writeTransaction(db, async (tx) => {
    let read = tx.selectFrom('appeals').selectAll().where('id', '=', number);
    if (!isSqlite(tx)) read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) return null;
    const files = (await attachmentsOf(tx, [number])).get(number) ?? [];
    if (row.status !== 'open') return { already: appealOf(row, files) };
    const channel = by.channel ?? 'api';
    let overrideId: number | null = null;
    if (decision.decision === 'accepted') {
      const override = await addOverride(
        tx,
        {
          unit: row.unit_code,
          rulebook: row.rulebook_id,
          state: decision.state,
          from: row.date,
          until: decision.until,
          justification: overrideJustification({ number, reason: row.reason }),
        },
        by.actor,
        channel,
        at,
      );
      overrideId = override.id;
    }
    const status: AppealStatus = decision.decision;
    await tx
      .updateTable('appeals')
      .set({
        status,
        decided_by: by.actor,
        decided_role: by.party.role,
        decided_scope: by.party.unit,
        decided_at: at.toISOString(),
        decided_level: decision.decision === 'accepted' ? decision.level : null,
        decision_reason: decision.decision === 'rejected' ? decision.reason : null,
        override_id: overrideId,
      })
      .where('id', '=', number)
      .where('status', '=', 'open')
      .execute();
    const updated = await tx.selectFrom('appeals').selectAll().where('id', '=', number).executeTakeFirstOrThrow();
    const appeal = appealOf(updated, files);
    await audit(
      tx,
      {
        actor: by.actor,
        channel,
        action: decision.decision === 'accepted' ? 'appeal.accept' : 'appeal.reject',
        detail: {
          appeal: number,
          unit: appeal.unit,
          date: appeal.date,
          ...(decision.decision === 'accepted'
            ? { level: decision.level, state: decision.state, until: decision.until, override: overrideId }
            : { reason: decision.reason }),
        },
      },
      at,
    );
    await appendChange(tx, APPEAL_CHANGE_KIND, appealChange(appeal), at);
    return { appeal };
  });
}

/** The appeals behind overrides, by override id: what the public panel says a colour was changed for. */
export async function appealsOfOverrides(db: Kysely<Database>, overrideIds: readonly number[]): Promise<Map<number, { number: number; reason: string }>> {
  const out = new Map<number, { number: number; reason: string }>();
  const ids = [...new Set(overrideIds)];
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('appeals').select(['id', 'reason', 'override_id']).where('override_id', 'in', ids).execute();
  for (const r of rows) if (r.override_id !== null) out.set(Number(r.override_id), { number: Number(r.id), reason: r.reason });
  return out;
}
