import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';

import type { Database, RejectTable } from './schema.ts';

export type RejectRow = Selectable<RejectTable>;

/**
 * Whose rejects a reader may see, by the scope of the sender: senders scoped to one of `units`,
 * and unrestricted senders (the operator's CLI) when `unscoped` is true.
 */
export interface SenderScopes {
  units: readonly string[];
  unscoped: boolean;
}

export interface RejectFilter {
  kind?: string;
  importId?: string;
  /** Only rows not yet resolved. */
  open: boolean;
  /** Rows with an id above this one (the page cursor). */
  after: number;
  limit: number;
}

/** A page of rejects in id order; asks for `limit + 1` rows so the caller can tell whether more follow. */
export async function listRejects(db: Kysely<Database>, filter: RejectFilter, visible: SenderScopes): Promise<RejectRow[]> {
  let query = db
    .selectFrom('rejects')
    .selectAll()
    .where('id', '>', filter.after)
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.importId) query = query.where('import_id', '=', filter.importId);
  if (filter.open) query = query.where('resolved_at', 'is', null);
  return query.where((eb) => visibleTo(eb, visible)).execute();
}

export async function getReject(db: Kysely<Database>, id: number, visible: SenderScopes): Promise<RejectRow | null> {
  return (
    (await db
      .selectFrom('rejects')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => visibleTo(eb, visible))
      .executeTakeFirst()) ?? null
  );
}

/** Every row one import refused, in the file's order: the import's rejects report. */
export async function rejectsOfImport(db: Kysely<Database>, importId: string): Promise<RejectRow[]> {
  return db.selectFrom('rejects').selectAll().where('import_id', '=', importId).orderBy('position').execute();
}

export async function resolveReject(db: Kysely<Database>, id: number, resolvedBy: string, at = new Date()): Promise<void> {
  await db.updateTable('rejects').set({ resolved_at: at.toISOString(), resolved_by: resolvedBy }).where('id', '=', id).execute();
}

/**
 * The open rejects of a kind that know their record's key, by key: a record landing under one of
 * these keys closes them. Few in a working deployment (what still needs fixing), so held whole.
 */
export async function openRejectKeys(db: Kysely<Database>, kind: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('rejects')
    .select(['id', 'record_key'])
    .where('kind', '=', kind)
    .where('resolved_at', 'is', null)
    .where('record_key', 'is not', null)
    .execute();
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const ids = byKey.get(r.record_key!);
    if (ids) ids.push(Number(r.id));
    else byKey.set(r.record_key!, [Number(r.id)]);
  }
  return byKey;
}

/** Closes rejects whose record landed later: kept, with when, by whom and by which batch (and import) it landed. */
export async function closeRejects(
  db: Kysely<Database>,
  ids: readonly number[],
  by: { at: string; actor: string; batch: string; importId: string | null },
): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .updateTable('rejects')
      .set({ resolved_at: by.at, resolved_by: by.actor, resolved_batch: by.batch, resolved_import: by.importId })
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('resolved_at', 'is', null)
      .execute();
  }
}

/** Closes every reject a batch left (a refused fix): kept with its reasons, but not open. */
export async function closeBatchRejects(db: Kysely<Database>, batch: string, resolvedBy: string, at = new Date()): Promise<void> {
  await db.updateTable('rejects').set({ resolved_at: at.toISOString(), resolved_by: resolvedBy }).where('batch', '=', batch).execute();
}

function visibleTo(eb: ExpressionBuilder<Database, 'rejects'>, visible: SenderScopes) {
  const ors = [eb('scope', 'in', visible.units.length > 0 ? [...visible.units] : ['\u0000'])];
  if (visible.unscoped) ors.push(eb('scope', 'is', null));
  return eb.or(ors);
}
