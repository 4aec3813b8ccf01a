import crypto from 'node:crypto';

import type SQLite from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';

import type { Override, RiskFactor } from '../core/assess/analyst-inputs.ts';
import type { Assessment, Reason } from '../core/assess/explain.ts';
import { addDays } from '../core/time/local-date.ts';
import { extendReach, publishedReach } from './assessment-reach.ts';
import { audit } from './audit.ts';
import { byUnit, eachCarriedVersion, type StoredVersion, type UnitStored } from './carried-versions.ts';
import { advanceCursor, appendChange } from './change-feed-store.ts';
import { chunks } from './chunk.ts';
import type { Store } from './database.ts';
import { manyRows, rowWriter } from './many-rows.ts';
import { preparedPerHandle } from './prepared.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

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

/**
 * sha1 in one call where Node has it (20.12 and later): the signature is taken of every
 * assessment a recompute publishes, tens of thousands at a time, and a Hash object for each made
 * it 2.6 times as dear (1.9 µs against 0.7 µs measured here). Same digest either way.
 */
const sha1 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha1', text, 'base64url')
    : (text: string) => crypto.createHash('sha1').update(text).digest('base64url');

/** Signatures of assessments without reasons or override, by level: most of what a recompute publishes is green with nothing in play. */
const bare: string[] = [];

/** What makes two assessments the same publication: level, reasons with figures, override. */
export function assessmentSignature(a: Assessment): string {
  if (a.reasons.length === 0 && !a.override) return (bare[a.level] ??= sha1(JSON.stringify([a.level, [], null])));
  return sha1(JSON.stringify([a.level, a.reasons.map((r) => [r.criterion, r.figures, r.text.vi]), a.override?.id ?? null]));
}

/**
 * What a PostgreSQL store holds around a publication for its units: per unit, the row in force
 * before the unit's first date and the latest version of every date from it on. Units sharing a
 * first date (nearly always all of them) are read together: DISTINCT ON keeps each read one scan
 * whatever the statistics (a grouped MAX joined back to the table was planned as a hash join over
 * the whole table on a freshly filled one and took up to 8 times as long).
 */
async function storedPostgres(db: Kysely<Database>, rulebookId: string, runs: Map<string, Assessment[]>): Promise<Map<string, UnitStored>> {
  const out = new Map<string, UnitStored>();
  const byFirst = new Map<string, string[]>();
  for (const [unit, run] of runs) {
    out.set(unit, { before: null, at: new Map() });
    const first = run[0].date;
    byFirst.set(first, [...(byFirst.get(first) ?? []), unit]);
  }
  for (const [from, units] of byFirst)
    for (const batch of chunks(units, 500)) {
      const before = await db
        .selectFrom('assessments')
        .distinctOn('unit_code')
        .select(['unit_code', 'version', 'signature'])
        .where('rulebook_id', '=', rulebookId)
        .where('date', '<', from)
        .where('unit_code', 'in', batch)
        .orderBy('unit_code')
        .orderBy('date', 'desc')
        .orderBy('version', 'desc')
        .execute();
      for (const r of before) out.get(r.unit_code)!.before = { version: Number(r.version), signature: r.signature };
      const at = await db
        .selectFrom('assessments')
        .distinctOn(['unit_code', 'date'])
        .select(['unit_code', 'date', 'version', 'signature'])
        .where('rulebook_id', '=', rulebookId)
        .where('date', '>=', from)
        .where('unit_code', 'in', batch)
        .orderBy('unit_code')
        .orderBy('date')
        .orderBy('version', 'desc')
        .execute();
      for (const r of at) out.get(r.unit_code)!.at.set(r.date, { version: Number(r.version), signature: r.signature });
    }
  return out;
}

/** JSON of an assessment's reasons; most published assessments have none. */
const reasonsJson = (a: Assessment) => (a.reasons.length === 0 ? '[]' : JSON.stringify(a.reasons));

/** What a publication added: the units given a new version, each with its earliest new date. */
export interface Published {
  added: number;
  units: Map<string, string>;
  /** Whether the publication moved the last date with published levels forward (`PublishOptions.reach`). */
  reached?: boolean;
}

export interface PublishOptions {
  /**
   * The change-feed position the assessments reflect. Several server instances compute the same
   * assessments; publications take turns on the rulebook's publication cursor, so the first to
   * publish through a position adds the new versions and the next finds nothing new to add (nor
   * announces anything), and one computed from an older position than the cursor's is not made.
   */
  through?: number;
  /**
   * The last date the publication assessed, carried dates included (the engine's "now"): from
   * then on "as published" reads have levels up to it even where no row changed.
   */
  reach?: string;
  /** The change announcing what was added, appended to the feed in the same transaction (none when it returns null). */
  announce?: (published: Published) => { kind: string; payload: unknown } | null;
}

/**
 * The feed cursor a rulebook's publications take turns on: the change-feed position the levels
 * stored under it reflect (see `PublishOptions.through`).
 */
export function publicationCursor(rulebookId: string): string {
  return `levels:${rulebookId}`;
}

/** The rulebook version of the latest row published under a rulebook, or null when none was. */
export async function lastPublishedVersion(db: Kysely<Database>, rulebookId: string): Promise<string | null> {
  const row = await db
    .selectFrom('assessments')
    .select('rulebook_version')
    .where('rulebook_id', '=', rulebookId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.rulebook_version ?? null;
}

/**
 * Publishes assessments, carried forward (see `eachCarriedVersion`): a unit's assessments, given
 * as a run of dates, are stored only where they differ from what is in force on that date, and
 * the run's last one holds for every later date. Nothing published is ever updated. Returns what
 * was added, or null when another instance had already published through `options.through`.
 *
 * On SQLite the reads and the inserts use statements prepared once on the raw handle, inside the
 * IMMEDIATE write transaction (same connection): a recompute can publish tens of thousands of
 * rows, and Kysely compiled each 200-row INSERT and better-sqlite3 prepared it anew every time.
 * PostgreSQL uses Kysely.
 */
export async function publishAssessments(
  store: Store,
  rulebook: { id: string; version: string },
  assessments: readonly Assessment[],
  computedAt: string,
  options: PublishOptions = {},
): Promise<Published | null> {
  return writeTransaction(store.db, async (tx) => {
    if (options.through !== undefined && !(await advanceCursor(tx, publicationCursor(rulebook.id), options.through))) return null;
    const published: Published = { added: 0, units: new Map() };
    const note = (a: Assessment) => {
      published.added++;
      const first = published.units.get(a.unit);
      if (first === undefined || a.date < first) published.units.set(a.unit, a.date);
    };
    const runs = byUnit(assessments);
    if (runs.size === 0) {
      // nothing to compare
    } else if (store.sqlite) {
      const raw = statements(store.sqlite);
      insertNewVersionsSqlite(raw, rulebook, runs, storedSqlite(raw, rulebook.id, runs), computedAt, note);
    } else {
      const rows: Array<Omit<Database['assessments'], 'id'>> = [];
      eachCarriedVersion(runs, await storedPostgres(tx, rulebook.id, runs), assessmentSignature, (a, version, signature) => {
        note(a);
        rows.push({
          rulebook_id: rulebook.id,
          rulebook_version: rulebook.version,
          unit_code: a.unit,
          date: a.date,
          version,
          level: a.level,
          state: a.state,
          reasons: reasonsJson(a),
          override_id: a.override?.id ?? null,
          signature,
          computed_at: computedAt,
        });
      });
      for (const batch of chunks(rows, 200)) await tx.insertInto('assessments').values(batch).execute();
    }
    if (options.reach !== undefined) published.reached = await extendReach(tx, rulebook.id, options.reach, computedAt);
    const change = options.announce?.(published);
    if (change) await appendChange(tx, change.kind, change.payload);
    return published;
  });
}

/** A stored row as the readers hand it on. */
export function storedAssessment(r: Selectable<Database['assessments']>): StoredAssessment {
  return {
    unit: r.unit_code,
    date: r.date,
    version: Number(r.version),
    level: Number(r.level),
    state: r.state,
    reasons: JSON.parse(r.reasons) as Reason[],
    overrideId: r.override_id === null ? null : Number(r.override_id),
    rulebook: { id: r.rulebook_id, version: r.rulebook_version },
    computedAt: r.computed_at,
  };
}

/**
 * A unit's assessments over dates, one per date up to the last published one: the latest
 * version, or with `publishedAt` the latest version computed at or before that instant ("as
 * published then"). Rows are carried forward: a date without a row of its own has the one in
 * force from the unit's previous row (its `date` is the date asked; version and computedAt are
 * the row's).
 */
export async function assessmentHistory(
  db: Kysely<Database>,
  rulebookId: string,
  unit: string,
  from: string,
  to: string,
  publishedAt?: string,
): Promise<StoredAssessment[]> {
  const reach = await publishedReach(db, rulebookId, publishedAt);
  const last = reach !== null && reach < to ? reach : to;
  if (reach === null || from > last) return [];
  let inForce = db
    .selectFrom('assessments')
    .select((eb) => eb.fn.max('date').as('date'))
    .where('rulebook_id', '=', rulebookId)
    .where('unit_code', '=', unit)
    .where('date', '<=', from);
  if (publishedAt) inForce = inForce.where('computed_at', '<=', publishedAt);
  const start = (await inForce.executeTakeFirst())?.date ?? from;
  let q = db
    .selectFrom('assessments')
    .selectAll()
    .where('rulebook_id', '=', rulebookId)
    .where('unit_code', '=', unit)
    .where('date', '>=', start)
    .where('date', '<=', last);
  if (publishedAt) q = q.where('computed_at', '<=', publishedAt);
  const rows = await q.orderBy('date').orderBy('version').execute();
  const byDate = new Map<string, (typeof rows)[number]>();
  for (const r of rows) byDate.set(r.date, r);
  const out: StoredAssessment[] = [];
  let current = byDate.get(start);
  for (let d = from; d <= last; d = addDays(d, 1)) {
    current = byDate.get(d) ?? current;
    if (current) out.push({ ...storedAssessment(current), date: d });
  }
  return out;
}

/**
 * Every unit's level on one date as published at an instant: per unit, the latest version
 * computed at or before `publishedAt` of its latest row on or before the date (rows are carried
 * forward). Units with nothing published by then are absent, and so is every unit when the date
 * lies past the last date published by then.
 */
export async function publishedLevelsOn(
  db: Kysely<Database>,
  rulebookId: string,
  date: string,
  publishedAt: string,
): Promise<{ levels: Record<string, number>; computedAt: string | null }> {
  const levels: Record<string, number> = {};
  const reach = await publishedReach(db, rulebookId, publishedAt);
  if (reach === null || date > reach) return { levels, computedAt: null };
  const inForce = db
    .selectFrom('assessments')
    .select(['unit_code', (eb) => eb.fn.max('date').as('date')])
    .where('rulebook_id', '=', rulebookId)
    .where('date', '<=', date)
    .where('computed_at', '<=', publishedAt)
    .groupBy('unit_code')
    .as('f');
  const rows = await db
    .selectFrom('assessments as a')
    .innerJoin(inForce, (join) => join.onRef('f.unit_code', '=', 'a.unit_code').onRef('f.date', '=', 'a.date'))
    .select(['a.unit_code', 'a.level', 'a.version', 'a.computed_at'])
    .where('a.rulebook_id', '=', rulebookId)
    .where('a.computed_at', '<=', publishedAt)
    .orderBy('a.unit_code')
    .orderBy('a.version')
    .execute();
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
  return rows.map((r) => ({
    id: Number(r.id),
    unit: r.unit_code,
    type: r.type,
    from: r.from_date,
    to: r.to_date,
    value: r.value === null ? null : Number(r.value),
    note: r.note,
    author: r.author,
  }));
}

export async function activeOverrides(db: Kysely<Database>): Promise<Override[]> {
  const rows = await db.selectFrom('overrides').selectAll().where('revoked_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    unit: r.unit_code,
    rulebook: r.rulebook_id,
    state: r.state,
    from: r.from_date,
    until: r.until_date,
    justification: r.justification,
    author: r.author,
  }));
}

/** Records a risk factor and its audit entry in one transaction. */
export async function addRiskFactor(db: Kysely<Database>, input: NewRiskFactor, actor: string, channel = 'api', at = new Date()): Promise<RiskFactor> {
  return writeTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('risk_factors')
      .values({
        unit_code: input.unit,
        type: input.type,
        from_date: input.from,
        to_date: input.to,
        value: input.value,
        note: input.note,
        author: actor,
        created_at: at.toISOString(),
        revoked_at: null,
        revoked_by: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const factor: RiskFactor = { ...input, id: Number(row.id), author: actor };
    await audit(tx, { actor, channel, action: 'risk_factor.add', detail: factor }, at);
    await appendChange(tx, 'analyst', { unit: factor.unit, from: factor.from }, at);
    return factor;
  });
}

/** Records an override (level, justification, expiry) and its audit entry in one transaction. */
export async function addOverride(db: Kysely<Database>, input: NewOverride, actor: string, channel = 'api', at = new Date()): Promise<Override> {
  return writeTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('overrides')
      .values({
        rulebook_id: input.rulebook,
        unit_code: input.unit,
        state: input.state,
        from_date: input.from,
        until_date: input.until,
        justification: input.justification,
        author: actor,
        created_at: at.toISOString(),
        revoked_at: null,
        revoked_by: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const override: Override = { ...input, id: Number(row.id), author: actor };
    await audit(tx, { actor, channel, action: 'override.add', detail: override }, at);
    await appendChange(tx, 'analyst', { unit: override.unit, from: override.from }, at);
    return override;
  });
}

/** Revokes a risk factor or an override (kept, marked revoked) with an audit entry; returns what was revoked, or null. */
export async function revokeAnalystInput(
  db: Kysely<Database>,
  table: 'risk_factors' | 'overrides',
  id: number,
  actor: string,
  channel = 'api',
  at = new Date(),
): Promise<{ unit: string; from: string } | null> {
  return writeTransaction(db, async (tx) => {
    const row = await tx.selectFrom(table).select(['unit_code', 'from_date']).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    await tx.updateTable(table).set({ revoked_at: at.toISOString(), revoked_by: actor }).where('id', '=', id).execute();
    await audit(tx, { actor, channel, action: `${table === 'overrides' ? 'override' : 'risk_factor'}.revoke`, detail: { id } }, at);
    await appendChange(tx, 'analyst', { unit: row.unit_code, from: row.from_date }, at);
    return { unit: row.unit_code, from: row.from_date };
  });
}

// ── SQLite: prepared statements ────────────────────────────────────────────

const ASSESSMENT_COLUMNS = [
  'rulebook_id',
  'rulebook_version',
  'unit_code',
  'date',
  'version',
  'level',
  'state',
  'reasons',
  'override_id',
  'signature',
  'computed_at',
] as const;

type Statements = ReturnType<typeof prepare>;
const statements = preparedPerHandle(prepare);

function prepare(db: SQLite.Database) {
  return {
    // Per unit, one seek in the unique index (rulebook, unit, date, version) for the row in force
    // before the unit's first published date, and one range read for the latest version of each
    // date from it on (SQLite takes a bare column from the row holding the MAX). A publication
    // asks about its units only, so this stays as cheap as the units published.
    before: db.prepare(
      `SELECT version, signature FROM assessments
       WHERE rulebook_id = @rulebook AND unit_code = @unit AND date < @from
       ORDER BY date DESC, version DESC LIMIT 1`,
    ),
    at: db.prepare(
      `SELECT date, MAX(version) AS version, signature FROM assessments
       WHERE rulebook_id = @rulebook AND unit_code = @unit AND date >= @from
       GROUP BY date`,
    ),
    insert: manyRows(db, 'assessments', ASSESSMENT_COLUMNS),
  };
}

/** What the store holds around the publication for each unit (see `UnitStored`). */
function storedSqlite(s: Statements, rulebookId: string, runs: Map<string, Assessment[]>): Map<string, UnitStored> {
  const out = new Map<string, UnitStored>();
  for (const [unit, run] of runs) {
    const args = { rulebook: rulebookId, unit, from: run[0].date };
    const before = s.before.get(args) as StoredVersion | undefined;
    const at = new Map<string, StoredVersion>();
    for (const r of s.at.all(args) as Array<StoredVersion & { date: string }>) at.set(r.date, { version: r.version, signature: r.signature });
    out.set(unit, { before: before ? { version: before.version, signature: before.signature } : null, at });
  }
  return out;
}

/**
 * The new versions inserted as they are found: each one's values go straight into the arguments
 * of the next multi-row INSERT, without a row object for each of tens of thousands. Returns how
 * many were added.
 */
function insertNewVersionsSqlite(
  s: Statements,
  rulebook: { id: string; version: string },
  runs: Map<string, Assessment[]>,
  stored: Map<string, UnitStored>,
  computedAt: string,
  onAdded: (a: Assessment) => void,
): number {
  const w = rowWriter(s.insert);
  const args = w.args;
  let added = 0;
  eachCarriedVersion(runs, stored, assessmentSignature, (a, version, signature) => {
    onAdded(a);
    const at = w.next();
    args[at] = rulebook.id;
    args[at + 1] = rulebook.version;
    args[at + 2] = a.unit;
    args[at + 3] = a.date;
    args[at + 4] = version;
    args[at + 5] = a.level;
    args[at + 6] = a.state;
    args[at + 7] = reasonsJson(a);
    args[at + 8] = a.override?.id ?? null;
    args[at + 9] = signature;
    args[at + 10] = computedAt;
    added++;
  });
  w.flush();
  return added;
}
