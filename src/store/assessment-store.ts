import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Override, RiskFactor } from '../core/assess/analyst-inputs.ts';
import type { Assessment, Reason } from '../core/assess/explain.ts';
import { audit } from './audit.ts';
import { chunks } from './chunk.ts';
import type { Database } from './schema.ts';

export interface StoredAssessment {
  unit: string;
  date: string;
  version: number;
  level: number;
  state: string;
  reasons: Reason[];
  overrideId: number | null;
  rulebook: { id: string; version: string };
  computedAt: string;
}

/** What makes two assessments the same publication: level, reasons with figures, override. */
export function assessmentSignature(a: Assessment): string {
  return createHash('sha1')
    .update(JSON.stringify([a.level, a.reasons.map((r) => [r.criterion, r.figures, r.text.vi]), a.override?.id ?? null]))
    .digest('base64url');
}

/** Latest stored version and signature per `unit|date` of a rulebook. */
export async function latestSignatures(db: Kysely<Database>, rulebookId: string, units?: readonly string[], from?: string): Promise<Map<string, { version: number; signature: string }>> {
  let q = db.selectFrom('assessments').select(['unit_code', 'date', 'version', 'signature']).where('rulebook_id', '=', rulebookId);
  if (from) q = q.where('date', '>=', from);
  const out = new Map<string, { version: number; signature: string }>();
  for (const batch of units ? chunks([...units], 500) : [null]) {
    const rows = await (batch ? q.where('unit_code', 'in', batch) : q).execute();
    for (const r of rows) {
      const key = `${r.unit_code}|${r.date}`;
      const held = out.get(key);
      if (!held || Number(r.version) > held.version) out.set(key, { version: Number(r.version), signature: r.signature });
    }
  }
  return out;
}

/**
 * Publishes assessments: for each one that differs from the latest stored version of its unit
 * and date, appends the next version. Nothing published is ever updated. Returns how many were added.
 */
export async function publishAssessments(
  db: Kysely<Database>,
  rulebook: { id: string; version: string },
  assessments: readonly Assessment[],
  computedAt: string,
): Promise<number> {
  if (assessments.length === 0) return 0;
  const units = [...new Set(assessments.map((a) => a.unit))];
  const from = assessments.reduce((m, a) => (a.date < m ? a.date : m), assessments[0].date);
  const latest = await latestSignatures(db, rulebook.id, units, from);
  const rows: Array<Omit<Database['assessments'], 'id'>> = [];
  for (const a of assessments) {
    const signature = assessmentSignature(a);
    const held = latest.get(`${a.unit}|${a.date}`);
    if (held?.signature === signature) continue;
    rows.push({
      rulebook_id: rulebook.id,
      rulebook_version: rulebook.version,
      unit_code: a.unit,
      date: a.date,
      version: (held?.version ?? 0) + 1,
      level: a.level,
      state: a.state,
      reasons: JSON.stringify(a.reasons),
      override_id: a.override?.id ?? null,
      signature,
      computed_at: computedAt,
    });
  }
  await db.transaction().execute(async (tx) => {
    for (const batch of chunks(rows, 200)) await tx.insertInto('assessments').values(batch).execute();
  });
  return rows.length;
}

/**
 * A unit's assessments over dates, one per date: the latest version, or with `publishedAt` the
 * latest version computed at or before that instant ("as published then").
 */
export async function assessmentHistory(db: Kysely<Database>, rulebookId: string, unit: string, from: string, to: string, publishedAt?: string): Promise<StoredAssessment[]> {
  let q = db.selectFrom('assessments').selectAll().where('rulebook_id', '=', rulebookId).where('unit_code', '=', unit).where('date', '>=', from).where('date', '<=', to);
  if (publishedAt) q = q.where('computed_at', '<=', publishedAt);
  const rows = await q.orderBy('date').orderBy('version').execute();
  const byDate = new Map<string, (typeof rows)[number]>();
  for (const r of rows) byDate.set(r.date, r);
  return [...byDate.values()].map((r) => ({
    unit: r.unit_code,
    date: r.date,
    version: Number(r.version),
    level: Number(r.level),
    state: r.state,
    reasons: JSON.parse(r.reasons) as Reason[],
    overrideId: r.override_id === null ? null : Number(r.override_id),
    rulebook: { id: r.rulebook_id, version: r.rulebook_version },
    computedAt: r.computed_at,
  }));
}

/**
 * Every unit's level on one date as published at an instant: per unit, the latest version
 * computed at or before `publishedAt`. Units with nothing published by then are absent.
 */
export async function publishedLevelsOn(db: Kysely<Database>, rulebookId: string, date: string, publishedAt: string): Promise<{ levels: Record<string, number>; computedAt: string | null }> {
  const rows = await db
    .selectFrom('assessments')
    .select(['unit_code', 'level', 'version', 'computed_at'])
    .where('rulebook_id', '=', rulebookId)
    .where('date', '=', date)
    .where('computed_at', '<=', publishedAt)
    .orderBy('unit_code')
    .orderBy('version')
    .execute();
  const levels: Record<string, number> = {};
  let computedAt: string | null = null;
  for (const r of rows) {
    levels[r.unit_code] = Number(r.level);
    if (computedAt === null || r.computed_at > computedAt) computedAt = r.computed_at;
  }
  return { levels, computedAt };
}

// ───────────────────────────── analyst inputs ─────────────────────────────

export type NewRiskFactor = Omit<RiskFactor, 'id' | 'author'>;
export type NewOverride = Omit<Override, 'id' | 'author'>;

export async function activeRiskFactors(db: Kysely<Database>): Promise<RiskFactor[]> {
  const rows = await db.selectFrom('risk_factors').selectAll().where('revoked_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), unit: r.unit_code, type: r.type, from: r.from_date, to: r.to_date, value: r.value === null ? null : Number(r.value), note: r.note, author: r.author }));
}

export async function activeOverrides(db: Kysely<Database>): Promise<Override[]> {
  const rows = await db.selectFrom('overrides').selectAll().where('revoked_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), unit: r.unit_code, rulebook: r.rulebook_id, state: r.state, from: r.from_date, until: r.until_date, justification: r.justification, author: r.author }));
}

/** Records a risk factor and its audit entry in one transaction. */
export async function addRiskFactor(db: Kysely<Database>, input: NewRiskFactor, actor: string, channel = 'api', at = new Date()): Promise<RiskFactor> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('risk_factors')
      .values({ unit_code: input.unit, type: input.type, from_date: input.from, to_date: input.to, value: input.value, note: input.note, author: actor, created_at: at.toISOString(), revoked_at: null, revoked_by: null } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const factor: RiskFactor = { ...input, id: Number(row.id), author: actor };
    await audit(tx, { actor, channel, action: 'risk_factor.add', detail: factor }, at);
    return factor;
  });
}

/** Records an override (level, justification, expiry) and its audit entry in one transaction. */
export async function addOverride(db: Kysely<Database>, input: NewOverride, actor: string, channel = 'api', at = new Date()): Promise<Override> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('overrides')
      .values({ rulebook_id: input.rulebook, unit_code: input.unit, state: input.state, from_date: input.from, until_date: input.until, justification: input.justification, author: actor, created_at: at.toISOString(), revoked_at: null, revoked_by: null } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const override: Override = { ...input, id: Number(row.id), author: actor };
    await audit(tx, { actor, channel, action: 'override.add', detail: override }, at);
    return override;
  });
}

/** Revokes a risk factor or an override (kept, marked revoked) with an audit entry; returns what was revoked, or null. */
export async function revokeAnalystInput(db: Kysely<Database>, table: 'risk_factors' | 'overrides', id: number, actor: string, channel = 'api', at = new Date()): Promise<{ unit: string; from: string } | null> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom(table).select(['unit_code', 'from_date']).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    await tx.updateTable(table).set({ revoked_at: at.toISOString(), revoked_by: actor }).where('id', '=', id).execute();
    await audit(tx, { actor, channel, action: `${table === 'overrides' ? 'override' : 'risk_factor'}.revoke`, detail: { id } }, at);
    return { unit: row.unit_code, from: row.from_date };
  });
}
