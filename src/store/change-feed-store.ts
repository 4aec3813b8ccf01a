import { type Kysely, sql, SqliteAdapter } from 'kysely';

import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/** An entry of the change feed as stored: its position, what kind of change, the change itself. */
export interface StoredChange {
  id: number;
  kind: string;
  payload: unknown;
  at: string;
}

/** The PostgreSQL NOTIFY channel the feed wakes its followers on; the payload names the deployment. */
export const FEED_CHANNEL = 'vx_change_feed';

function onSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * Appends a change inside the caller's write transaction, so the change and what it announces
 * commit together or not at all. Feed ids must grow in commit order, or a follower that has read
 * up to id 6 would never see a 5 committed after it: SQLite has one writer, so they do; on
 * PostgreSQL the id is taken under a transaction-scoped lock held until commit, which makes the
 * tail of concurrent writers' transactions (append, commit) run one at a time. The NOTIFY is
 * delivered at commit, never for a transaction rolled back.
 */
export async function appendChange(tx: Kysely<Database>, kind: string, payload: unknown, at = new Date()): Promise<number> {
  const postgres = !onSqlite(tx);
  if (postgres) await sql`select pg_advisory_xact_lock(hashtext('vx.feed.' || current_schema()))`.execute(tx);
  const row = await tx
    .insertInto('change_feed')
    .values({ kind, payload: JSON.stringify(payload), at: at.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (postgres) await sql`select pg_notify(${FEED_CHANNEL}, (select value from deployment where key = 'id'))`.execute(tx);
  return Number(row.id);
}

/** Entries after a position, oldest first. */
export async function readChanges(db: Kysely<Database>, after: number, limit = 1000): Promise<StoredChange[]> {
  const rows = await db.selectFrom('change_feed').selectAll().where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, payload: JSON.parse(r.payload) as unknown, at: r.at }));
}

/** The position of the last committed entry (0 for an empty feed). */
export async function feedPosition(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('change_feed')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** The database's own identity, made when the feed's migration ran: names this deployment on a shared bus. */
export async function deploymentId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('deployment').select('value').where('key', '=', 'id').executeTakeFirstOrThrow();
  return row.value;
}

/**
 * Claims a piece of once-per-deployment work (a day's rollover, say): true for the one caller
 * whose claim landed first, false for every other instance.
 */
export async function claim(tx: Kysely<Database>, key: string, owner: string, at = new Date()): Promise<boolean> {
  const result = await tx
    .insertInto('claims')
    .values({ key, owner, at: at.toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Moves a named cursor to `position` unless it is already past it, in one statement: the row
 * stays locked until the caller's transaction ends (SQLite: the write lock), so instances doing
 * the same work through the same position take turns, and the second finds the first's work
 * done. False when the cursor is past `position`: the caller's work is stale, someone did newer.
 */
export async function advanceCursor(tx: Kysely<Database>, name: string, position: number, options: { strict?: boolean } = {}): Promise<boolean> {
  const result = await tx
    .insertInto('feed_cursors')
    .values({ name, position })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ position })
        .where('feed_cursors.position', options.strict ? '<' : '<=', position),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Where a named cursor stands (see `advanceCursor`), or null when nothing has moved it yet. */
export async function cursorPosition(db: Kysely<Database>, name: string): Promise<number | null> {
  const row = await db.selectFrom('feed_cursors').select('position').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.position) : null;
}

/**
 * Appends a change once per deployment however many instances try: the first to claim `key`
 * appends it (in the claim's transaction), the others append nothing. True for the one that did.
 */
export async function appendOnce(db: Kysely<Database>, key: string, owner: string, kind: string, payload: unknown, at = new Date()): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    if (!(await claim(tx, key, owner, at))) return false;
    await appendChange(tx, kind, payload, at);
    return true;
  });
}

/**
 * Appends a change derived from the feed up to `position` (standings recomputed from levels, say)
 * once per deployment: only the first instance to move the cursor `name` past the last position
 * announced appends it. True for the one that did.
 */
export async function appendThrough(db: Kysely<Database>, name: string, position: number, kind: string, payload: unknown): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    if (!(await advanceCursor(tx, name, position, { strict: true }))) return false;
    await appendChange(tx, kind, payload);
    return true;
  });
}
