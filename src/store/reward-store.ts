import { createHash } from 'node:crypto';

import type { Kysely, Selectable } from 'kysely';

import type { AttachmentType } from '../core/appeals/attachment-type.ts';
import {
  COUNTED,
  type HistoryEntry,
  LIVE,
  type Nomination,
  type NominationAction,
  type NominationStatus,
  type Party,
  type Person,
  REWARD_CHANGE_KIND,
  rewardChange,
  transition,
} from '../core/rewards/nomination.ts';
import { quotaAllows } from '../core/rewards/quota.ts';
import type { CriterionFacts } from '../core/rewards/reward-criteria.ts';
import type { RewardScheme, SchemeInput, Subject } from '../core/rewards/reward-scheme.ts';
import { audit } from './audit.ts';
import { appendChange } from './change-feed-store.ts';
import { isSqlite } from './migrations/dialect.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Rewards (migration 016, docs/rewards.md): schemes in versions, nominations and the decisions that
 * approve them. Every step writes its rows, its history entry, its audit entry and its change-feed
 * entry (kind `reward`, for the inbox) in one transaction. Steps that change what counts against a
 * quota first lock the quota's row (PostgreSQL: FOR UPDATE; SQLite: the write transaction holds the
 * database), so two acceptances of the last place are one acceptance and one refusal.
 */

/** Who acts: the actor the audit log names (never shown to others) and the role and unit others see. */
export interface RewardActor {
  actor: string;
  party: Party;
  channel?: string;
}

export interface NewAttachment {
  name: string;
  type: AttachmentType;
  content: Buffer;
}

export interface NominationContent {
  unit: string;
  form: string;
  grantingUnit: string;
  criterion: string;
  facts: CriterionFacts;
  person: Person | null;
  summary: string;
}

export interface NewNomination extends NominationContent {
  campaign: string;
  schemeVersion: number;
  subject: Subject;
}

export type DecisionStatus = 'approved' | 'published' | 'superseded';

export interface RewardDecision {
  id: number;
  campaign: string;
  form: string;
  grantingUnit: string;
  number: string;
  date: string;
  signer: { name: string; title: string };
  status: DecisionStatus;
  nominations: number[];
  supersedes: number | null;
  supersededBy: number | null;
  supersededReason: string | null;
  createdAt: string;
  publishedAt: string | null;
}

const channelOf = (by: RewardActor) => by.channel ?? 'api';

// ---------------------------------------------------------------- schemes

function schemeOf(r: Selectable<Database['reward_schemes']>): RewardScheme {
  const body = JSON.parse(r.scheme) as SchemeInput;
  return { campaign: r.campaign_id, version: Number(r.version), createdAt: r.created_at, criteria: body.criteria, forms: body.forms };
}

/** A campaign's scheme: the version asked for, or the latest; null when it has none. */
export async function getRewardScheme(db: Kysely<Database>, campaign: string, version?: number): Promise<RewardScheme | null> {
  let q = db.selectFrom('reward_schemes').selectAll().where('campaign_id', '=', campaign);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  return row ? schemeOf(row) : null;
}

/**
 * Stores a new version of a campaign's scheme (the next number), audited. With `onlyIfNone` it
 * stores version 1 only when the campaign has no scheme yet (the default loaded with a campaign),
 * and answers null when it had one.
 */
export async function saveRewardScheme(
  db: Kysely<Database>,
  campaign: string,
  scheme: SchemeInput,
  by: { actor: string; channel: string },
  options: { onlyIfNone?: boolean; at?: Date } = {},
): Promise<RewardScheme | null> {
  const at = options.at ?? new Date();
  return writeTransaction(db, async (tx) => {
    const last = await tx
      .selectFrom('reward_schemes')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('campaign_id', '=', campaign)
      .executeTakeFirst();
    const current = last?.v === null || last?.v === undefined ? 0 : Number(last.v);
    if (options.onlyIfNone && current > 0) return null;
    const row = {
      campaign_id: campaign,
      version: current + 1,
      scheme: JSON.stringify({ criteria: scheme.criteria, forms: scheme.forms }),
      created_at: at.toISOString(),
      created_by: by.actor,
    };
    await tx.insertInto('reward_schemes').values(row).execute();
    await audit(tx, { actor: by.actor, channel: by.channel, action: 'reward.scheme', detail: { campaign, version: row.version, ...scheme } }, at);
    return schemeOf(row);
  });
}

// ---------------------------------------------------------------- nominations

type NominationRow = Selectable<Database['nominations']>;

async function detailsOf(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<{ history: Map<number, HistoryEntry[]>; files: Map<number, Nomination['attachments']>; decisions: Map<number, Nomination['decision']> }> {
  const history = new Map<number, HistoryEntry[]>();
  const files = new Map<number, Nomination['attachments']>();
  const decisions = new Map<number, Nomination['decision']>();
  if (ids.length === 0) return { history, files, decisions };
  for (const chunk of chunks(ids, 500)) {
    const hs = await db.selectFrom('nomination_history').selectAll().where('nomination_id', 'in', chunk).orderBy('id').execute();
    for (const h of hs) {
      const id = Number(h.nomination_id);
      const entry: HistoryEntry = {
        status: h.status as NominationStatus,
        at: h.at,
        by: { role: h.role, unit: h.scope },
        ...(h.reason ? { reason: h.reason } : {}),
      };
      history.set(id, [...(history.get(id) ?? []), entry]);
    }
    const fs = await db
      .selectFrom('nomination_attachments')
      .select(['nomination_id', 'n', 'file_name', 'media_type', 'size'])
      .where('nomination_id', 'in', chunk)
      .orderBy('nomination_id')
      .orderBy('n')
      .execute();
    for (const f of fs) {
      const id = Number(f.nomination_id);
      files.set(id, [...(files.get(id) ?? []), { n: Number(f.n), name: f.file_name, type: f.media_type, size: Number(f.size) }]);
    }
    const ds = await db
      .selectFrom('nominations')
      .innerJoin('reward_decisions', 'reward_decisions.id', 'nominations.decision_id')
      .select(['nominations.id as nid', 'reward_decisions.id as did', 'reward_decisions.number', 'reward_decisions.date'])
      .where('nominations.id', 'in', chunk)
      .execute();
    for (const d of ds) decisions.set(Number(d.nid), { id: Number(d.did), number: d.number, date: d.date });
  }
  return { history, files, decisions };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function nominationOf(r: NominationRow, d: Awaited<ReturnType<typeof detailsOf>>): Nomination {
  const id = Number(r.id);
  return {
    number: id,
    campaign: r.campaign_id,
    schemeVersion: Number(r.scheme_version),
    subject: r.subject as Subject,
    unit: r.unit_code,
    form: r.form_id,
    grantingUnit: r.granting_unit,
    criterion: r.criterion_id,
    facts: JSON.parse(r.facts) as CriterionFacts,
    person: r.person_name === null ? null : { name: r.person_name, position: r.person_position ?? '', kind: (r.person_kind ?? 'official') as Person['kind'] },
    summary: r.summary,
    attachments: d.files.get(id) ?? [],
    status: r.status as NominationStatus,
    proposedBy: { role: r.proposed_role, unit: r.proposed_scope },
    history: d.history.get(id) ?? [],
    decision: d.decisions.get(id) ?? null,
  };
}

async function readNominations(db: Kysely<Database>, rows: NominationRow[]): Promise<Nomination[]> {
  const d = await detailsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => nominationOf(r, d));
}

/** Whether a number can name a row: lists of numbers (a filter, a decision's nominations) may hold one no row has. */
const isRowNumber = (n: number) => Number.isSafeInteger(n);

export async function getNomination(db: Kysely<Database>, number: number): Promise<Nomination | null> {
  const row = await db.selectFrom('nominations').selectAll().where('id', '=', number).executeTakeFirst();
  return row ? (await readNominations(db, [row]))[0] : null;
}

export interface NominationFilter {
  campaign?: string;
  status?: NominationStatus;
  unit?: string;
  form?: string;
  grantingUnit?: string;
  ids?: readonly number[];
}

/** Nominations, oldest first; the caller keeps those in its reader's scope. */
export async function listNominations(db: Kysely<Database>, filter: NominationFilter = {}): Promise<Nomination[]> {
  let q = db.selectFrom('nominations').selectAll();
  if (filter.campaign) q = q.where('campaign_id', '=', filter.campaign);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.unit) q = q.where('unit_code', '=', filter.unit);
  if (filter.form) q = q.where('form_id', '=', filter.form);
  if (filter.grantingUnit) q = q.where('granting_unit', '=', filter.grantingUnit);
  if (filter.ids) {
    const ids = filter.ids.filter(isRowNumber);
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return readNominations(db, await q.orderBy('id').limit(5000).execute());
}

export async function nominationAttachment(db: Kysely<Database>, number: number, n: number): Promise<{ name: string; type: string; content: Buffer } | null> {
  const row = await db
    .selectFrom('nomination_attachments')
    .select(['file_name', 'media_type', 'content'])
    .where('nomination_id', '=', number)
    .where('n', '=', n)
    .executeTakeFirst();
  return row ? { name: row.file_name, type: row.media_type, content: Buffer.from(row.content) } : null;
}

async function addHistory(tx: Kysely<Database>, id: number, status: NominationStatus, by: RewardActor, at: Date, reason?: string): Promise<void> {
  await tx
    .insertInto('nomination_history')
    .values({ nomination_id: id, status, at: at.toISOString(), actor: by.actor, role: by.party.role, scope: by.party.unit, reason: reason ?? null } as never)
    .execute();
}

async function announce(tx: Kysely<Database>, n: Nomination, by: RewardActor, action: string, at: Date, detail: Record<string, unknown>, reason?: string) {
  await audit(
    tx,
    {
      actor: by.actor,
      channel: channelOf(by),
      action: `reward.${action}`,
      detail: { nomination: n.number, campaign: n.campaign, unit: n.unit, status: n.status, ...detail },
    },
    at,
  );
  await appendChange(tx, REWARD_CHANGE_KIND, rewardChange(n, at, reason), at);
}

/** A collective's live nomination for the same form, if any: one unit holds one place per form. */
async function liveDuplicate(tx: Kysely<Database>, campaign: string, unit: string, form: string, except?: number): Promise<number | null> {
  let q = tx
    .selectFrom('nominations')
    .select('id')
    .where('campaign_id', '=', campaign)
    .where('unit_code', '=', unit)
    .where('form_id', '=', form)
    .where('subject', '=', 'collective')
    .where('status', 'in', [...LIVE]);
  if (except !== undefined) q = q.where('id', '!=', except);
  const row = await q.executeTakeFirst();
  return row ? Number(row.id) : null;
}

export type Proposed = { nomination: Nomination } | { duplicate: number };

export async function proposeNomination(
  db: Kysely<Database>,
  input: NewNomination,
  attachments: readonly NewAttachment[],
  by: RewardActor,
  at = new Date(),
): Promise<Proposed> {
  return writeTransaction(db, async (tx) => {
    if (input.subject === 'collective') {
      const held = await liveDuplicate(tx, input.campaign, input.unit, input.form);
      if (held !== null) return { duplicate: held };
    }
    const row = await tx
      .insertInto('nominations')
      .values({
        campaign_id: input.campaign,
        scheme_version: input.schemeVersion,
        subject: input.subject,
        unit_code: input.unit,
        form_id: input.form,
        granting_unit: input.grantingUnit,
        criterion_id: input.criterion,
        facts: JSON.stringify(input.facts),
        person_name: input.person?.name ?? null,
        person_position: input.person?.position ?? null,
        person_kind: input.person?.kind ?? null,
        summary: input.summary,
        status: 'proposed',
        decision_id: null,
        proposed_by: by.actor,
        proposed_role: by.party.role,
        proposed_scope: by.party.unit,
        proposed_at: at.toISOString(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    for (const [i, a] of attachments.entries()) {
      const sha256 = createHash('sha256').update(a.content).digest('hex');
      await tx
        .insertInto('nomination_attachments')
        .values({ nomination_id: id, n: i + 1, file_name: a.name, media_type: a.type, size: a.content.length, sha256, content: a.content })
        .execute();
    }
    await addHistory(tx, id, 'proposed', by, at);
    const nomination = (await getNomination(tx, id))!;
    await announce(tx, nomination, by, 'propose', at, {
      subject: input.subject,
      form: input.form,
      grantingUnit: input.grantingUnit,
      criterion: input.criterion,
      schemeVersion: input.schemeVersion,
      person: input.person,
      summary: input.summary,
      attachments: nomination.attachments.map((a) => ({ name: a.name, type: a.type, size: a.size })),
    });
    return { nomination };
  });
}

/** Locks a quota's row for the rest of the transaction (PostgreSQL); SQLite's write transaction already excludes every other writer. */
async function lockQuota(tx: Kysely<Database>, key: { campaign: string; form: string; grantingUnit: string; subject: string }): Promise<void> {
  if (isSqlite(tx)) return;
  const row = { campaign_id: key.campaign, form_id: key.form, granting_unit: key.grantingUnit, subject: key.subject };
  await tx
    .insertInto('reward_quota_locks')
    .values(row)
    .onConflict((oc) => oc.columns(['campaign_id', 'form_id', 'granting_unit', 'subject']).doNothing())
    .execute();
  await tx
    .selectFrom('reward_quota_locks')
    .select('form_id')
    .where('campaign_id', '=', row.campaign_id)
    .where('form_id', '=', row.form_id)
    .where('granting_unit', '=', row.granting_unit)
    .where('subject', '=', row.subject)
    .forUpdate()
    .execute();
}

/** Nominations counting against a quota now (accepted, approved, published). */
export async function quotaUsed(db: Kysely<Database>, key: { campaign: string; form: string; grantingUnit: string; subject: string }): Promise<number> {
  const row = await db
    .selectFrom('nominations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('campaign_id', '=', key.campaign)
    .where('form_id', '=', key.form)
    .where('granting_unit', '=', key.grantingUnit)
    .where('subject', '=', key.subject)
    .where('status', 'in', [...COUNTED])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type Stepped =
  | { nomination: Nomination }
  | { refused: 'status' | 'role'; nomination: Nomination }
  | { overQuota: { quota: number; used: number }; nomination: Nomination }
  | { duplicate: number; nomination: Nomination }
  | null;

export interface StepOptions {
  reason?: string;
  /** `accept`: the form's quota for the nomination's subject. */
  quota?: number;
  /** `correct`: the corrected content. */
  content?: NominationContent & { schemeVersion: number };
}

/**
 * One step of a nomination's review by the Board or its committee (accept, return, reject, correct,
 * withdraw), as the state machine allows it, under a lock on the row (and the quota, to accept).
 */
export async function stepNomination(
  db: Kysely<Database>,
  number: number,
  action: Extract<NominationAction, 'accept' | 'return' | 'reject' | 'correct' | 'withdraw'>,
  by: RewardActor,
  options: StepOptions = {},
  at = new Date(),
): Promise<Stepped> {
  return writeTransaction(db, async (tx) => {
    let read = tx.selectFrom('nominations').selectAll().where('id', '=', number);
    if (!isSqlite(tx)) read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) return null;
    const before = (await readNominations(tx, [row]))[0];
    const step = transition(before.status, action, by.party.role as never);
    if (!step.ok) return { refused: step.why, nomination: before };
    if (action === 'accept') {
      const key = { campaign: row.campaign_id, form: row.form_id, grantingUnit: row.granting_unit, subject: row.subject };
      await lockQuota(tx, key);
      const used = await quotaUsed(tx, key);
      if (!quotaAllows(options.quota ?? 0, used)) return { overQuota: { quota: options.quota ?? 0, used }, nomination: before };
    }
    const content = options.content;
    if (action === 'correct' && content) {
      if (before.subject === 'collective') {
        const held = await liveDuplicate(tx, row.campaign_id, content.unit, content.form, number);
        if (held !== null) return { duplicate: held, nomination: before };
      }
      await tx
        .updateTable('nominations')
        .set({
          scheme_version: content.schemeVersion,
          unit_code: content.unit,
          form_id: content.form,
          granting_unit: content.grantingUnit,
          criterion_id: content.criterion,
          facts: JSON.stringify(content.facts),
          person_name: content.person?.name ?? null,
          person_position: content.person?.position ?? null,
          person_kind: content.person?.kind ?? null,
          summary: content.summary,
        })
        .where('id', '=', number)
        .execute();
    }
    await tx.updateTable('nominations').set({ status: step.to }).where('id', '=', number).execute();
    await addHistory(tx, number, step.to, by, at, options.reason);
    const nomination = (await getNomination(tx, number))!;
    await announce(
      tx,
      nomination,
      by,
      action,
      at,
      { from: before.status, ...(options.reason ? { reason: options.reason } : {}), ...(content ? { corrected: content } : {}) },
      options.reason,
    );
    return { nomination };
  });
}

// ---------------------------------------------------------------- decisions

type DecisionRow = Selectable<Database['reward_decisions']>;

async function decisionsOf(db: Kysely<Database>, rows: DecisionRow[]): Promise<RewardDecision[]> {
  const members = new Map<number, number[]>();
  const ids = rows.map((r) => Number(r.id));
  if (ids.length > 0) {
    const ms = await db
      .selectFrom('reward_decision_nominations')
      .select(['decision_id', 'nomination_id'])
      .where('decision_id', 'in', ids)
      .orderBy('decision_id')
      .orderBy('position')
      .execute();
    for (const m of ms) members.set(Number(m.decision_id), [...(members.get(Number(m.decision_id)) ?? []), Number(m.nomination_id)]);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    campaign: r.campaign_id,
    form: r.form_id,
    grantingUnit: r.granting_unit,
    number: r.number,
    date: r.date,
    signer: { name: r.signer_name, title: r.signer_title },
    status: r.status as DecisionStatus,
    nominations: members.get(Number(r.id)) ?? [],
    supersedes: r.supersedes === null ? null : Number(r.supersedes),
    supersededBy: r.superseded_by === null ? null : Number(r.superseded_by),
    supersededReason: r.superseded_reason,
    createdAt: r.created_at,
    publishedAt: r.published_at,
  }));
}

export async function getDecision(db: Kysely<Database>, id: number): Promise<RewardDecision | null> {
  const row = await db.selectFrom('reward_decisions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await decisionsOf(db, [row]))[0] : null;
}

export async function listDecisions(db: Kysely<Database>, filter: { campaign: string; status?: DecisionStatus }): Promise<RewardDecision[]> {
  let q = db.selectFrom('reward_decisions').selectAll().where('campaign_id', '=', filter.campaign);
  if (filter.status) q = q.where('status', '=', filter.status);
  return decisionsOf(db, await q.orderBy('date').orderBy('id').execute());
}

export interface NewDecision {
  campaign: string;
  form: string;
  grantingUnit: string;
  number: string;
  date: string;
  signer: { name: string; title: string };
  nominations: readonly number[];
}

/** Why a decision was not made: a listed nomination that is not accepted for its form and granting unit (its index), or the decision superseded is not current. */
export type Decided =
  { decision: RewardDecision } | { notAccepted: { index: number; number: number; status: NominationStatus | null } } | { notCurrent: RewardDecision } | null;

/**
 * Records an approval decision: every nomination listed must be accepted for the decision's form
 * and granting unit (checked under a lock on each row), and becomes approved. With `supersede`, the
 * decision named is marked superseded with the reason first, and its nominations go back to
 * accepted, so the new list may hold them again; those left out stay accepted.
 */
export async function recordDecision(
  db: Kysely<Database>,
  input: NewDecision,
  by: RewardActor,
  supersede?: { id: number; reason: string },
  at = new Date(),
): Promise<Decided> {
  return writeTransaction(db, async (tx) => {
    let old: DecisionRow | undefined;
    if (supersede) {
      let read = tx.selectFrom('reward_decisions').selectAll().where('id', '=', supersede.id);
      if (!isSqlite(tx)) read = read.forUpdate();
      old = await read.executeTakeFirst();
      if (!old) return null;
      if (old.status === 'superseded') return { notCurrent: (await decisionsOf(tx, [old]))[0] };
    }
    const inserted = await tx
      .insertInto('reward_decisions')
      .values({
        campaign_id: input.campaign,
        form_id: input.form,
        granting_unit: input.grantingUnit,
        number: input.number,
        date: input.date,
        signer_name: input.signer.name,
        signer_title: input.signer.title,
        status: 'approved',
        supersedes: supersede ? supersede.id : null,
        superseded_by: null,
        superseded_reason: null,
        created_by: by.actor,
        created_role: by.party.role,
        created_scope: by.party.unit,
        created_at: at.toISOString(),
        published_at: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    if (old) {
      await tx
        .updateTable('reward_decisions')
        .set({ status: 'superseded', superseded_by: id, superseded_reason: supersede!.reason })
        .where('id', '=', Number(old.id))
        .execute();
      const released = await tx.selectFrom('nominations').selectAll().where('decision_id', '=', Number(old.id)).orderBy('id').execute();
      for (const r of released) {
        await tx.updateTable('nominations').set({ status: 'accepted', decision_id: null }).where('id', '=', Number(r.id)).execute();
        await addHistory(tx, Number(r.id), 'accepted', by, at, supersede!.reason);
      }
    }
    const approved: Nomination[] = [];
    for (const [index, number] of input.nominations.entries()) {
      if (!isRowNumber(number)) throw new NotAccepted({ index, number, status: null });
      let read = tx.selectFrom('nominations').selectAll().where('id', '=', number);
      if (!isSqlite(tx)) read = read.forUpdate();
      const row = await read.executeTakeFirst();
      const fits = row && row.campaign_id === input.campaign && row.form_id === input.form && row.granting_unit === input.grantingUnit;
      if (!row || !fits || row.status !== 'accepted') {
        // Nothing of this decision is kept: throw to roll back, caught below.
        throw new NotAccepted({ index, number, status: row ? (row.status as NominationStatus) : null });
      }
      await tx.updateTable('nominations').set({ status: 'approved', decision_id: id }).where('id', '=', number).execute();
      await tx
        .insertInto('reward_decision_nominations')
        .values({ decision_id: id, nomination_id: number, position: index + 1 })
        .execute();
      await addHistory(tx, number, 'approved', by, at);
      approved.push((await getNomination(tx, number))!);
    }
    const decision = (await getDecision(tx, id))!;
    await audit(
      tx,
      {
        actor: by.actor,
        channel: channelOf(by),
        action: supersede ? 'reward.supersede' : 'reward.approve',
        detail: { decision: id, ...input, nominations: [...input.nominations], ...(supersede ? { supersedes: supersede.id, reason: supersede.reason } : {}) },
      },
      at,
    );
    for (const n of approved) await appendChange(tx, REWARD_CHANGE_KIND, rewardChange(n, at), at);
    return { decision };
  }).catch((error: unknown) => {
    if (error instanceof NotAccepted) return { notAccepted: error.fault };
    throw error;
  });
}

class NotAccepted extends Error {
  constructor(readonly fault: { index: number; number: number; status: NominationStatus | null }) {
    super(`nomination ${fault.number} is not accepted`);
  }
}

export type Published = { decision: RewardDecision } | { notApproved: RewardDecision } | null;

/** Publishes an approved decision: it and its nominations become published, and the public sees them. */
export async function publishDecision(db: Kysely<Database>, id: number, by: RewardActor, at = new Date()): Promise<Published> {
  return writeTransaction(db, async (tx) => {
    let read = tx.selectFrom('reward_decisions').selectAll().where('id', '=', id);
    if (!isSqlite(tx)) read = read.forUpdate();
    const row = await read.executeTakeFirst();
    if (!row) return null;
    if (row.status !== 'approved') return { notApproved: (await decisionsOf(tx, [row]))[0] };
    await tx.updateTable('reward_decisions').set({ status: 'published', published_at: at.toISOString() }).where('id', '=', id).execute();
    const members = await tx.selectFrom('nominations').select('id').where('decision_id', '=', id).orderBy('id').execute();
    for (const m of members) {
      await tx.updateTable('nominations').set({ status: 'published' }).where('id', '=', Number(m.id)).execute();
      await addHistory(tx, Number(m.id), 'published', by, at);
      await appendChange(tx, REWARD_CHANGE_KIND, rewardChange((await getNomination(tx, Number(m.id)))!, at), at);
    }
    const decision = (await getDecision(tx, id))!;
    await audit(
      tx,
      {
        actor: by.actor,
        channel: channelOf(by),
        action: 'reward.publish',
        detail: { decision: id, number: decision.number, nominations: decision.nominations },
      },
      at,
    );
    return { decision };
  });
}
