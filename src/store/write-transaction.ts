import { closeSync, openSync, rmSync, statSync, utimesSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';

import type { Database } from './schema.ts';

/** The raw SQLite handle behind a Kysely instance, registered when the store opens. */
const sqliteHandles = new WeakMap<Kysely<Database>, SQLite.Database>();
/** Kysely connections that are inside a write transaction begun here: a nested call joins them. */
const open = new WeakSet<Kysely<Database>>();
/** Who wants to know that a write transaction committed (the process's change-feed follower). */
const committedListeners = new WeakMap<Kysely<Database>, Set<() => void>>();

/** How long a writer waits for another process (a CLI import) to release SQLite's write lock (VX_SQLITE_WAIT_MS overrides it). */
const SQLITE_WAIT_MS = 120_000;
/** The longest pause between two attempts to take the lock. */
const SQLITE_MAX_PAUSE_MS = 10;
/**
 * A writer whose transaction took at least this long (a bulk import's slice) lets waiting writers
 * in before it begins its next one.
 *
 * SQLite keeps no queue of waiting writers: an import whose next slice is ready would take the
 * lock back within a millisecond of releasing it, and a server polling for it would rarely get
 * in. So a waiter says so: while it waits it touches a file beside the database
 * ("<file>-waiting") at every attempt, and removes it once it holds the lock. The long writer,
 * seeing the file fresh after its commit, leaves the lock free until the file is gone (up to
 * HANDOFF_MAX_MS: a waiter polls every 10 ms at most), and with no waiter it goes on at once. A
 * file older than FLAG_STALE_MS is a waiter that gave up or died: ignored.
 *
 * PostgreSQL queues lock waiters, but a server writes its waiting batches one transaction at a
 * time (group commit): the batches that arrived behind the first would find the import's next
 * slice holding the locks again, and wait a second slice. There the long writer leaves a gap of
 * PG_GAP_MS for them.
 */
const LONG_HOLD_MS = 100;
const FLAG_STALE_MS = 250;
const HANDOFF_MAX_MS = 100;
const PG_GAP_MS = 40;
/** Until when this process leaves a PostgreSQL database to other writers. */
const leaveFreeUntil = new WeakMap<Kysely<Database>, number>();
/** SQLite handles whose last transaction held the lock long: their next one first lets waiters in. */
const handOff = new WeakSet<SQLite.Database>();

/** The database stayed locked by another writer for longer than a writer waits: try again later. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the database stayed locked by another writer for ${Math.round(waitedMs / 1000)} s`);
  }
}

export function registerSqliteHandle(db: Kysely<Database>, handle: SQLite.Database): void {
  sqliteHandles.set(db, handle);
}

/** Calls `listener` after each write transaction on `db` commits; returns a function that stops it. */
export function onCommitted(db: Kysely<Database>, listener: () => void): () => void {
  let set = committedListeners.get(db);
  if (!set) committedListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Runs `work` in a write transaction. On SQLite it begins IMMEDIATE: the write lock is taken
 * before the first read, so a transaction that reads and then writes can never fail with
 * SQLITE_BUSY_SNAPSHOT because another process (a CLI import on the same file) committed in
 * between. While another process holds the lock, the writer waits — asynchronously, with the
 * connection released between attempts so this process's reads go on — up to SQLITE_WAIT_MS,
 * then fails with DatabaseBusyError. Nothing is written before the lock is held, so a writer
 * that gives up has written nothing, and one that committed never gets an error.
 * Called with a transaction already open (a store function inside another's transaction), it
 * joins it.
 */
export async function writeTransaction<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction || open.has(db)) return work(db);
  const gap = (leaveFreeUntil.get(db) ?? 0) - Date.now();
  if (gap > 0) await sleep(gap);
  const handle = sqliteHandles.get(db);
  const result = handle
    ? await sqliteWrite(db, handle, work)
    : await (async () => {
        const began = Date.now();
        const done = await db.transaction().execute(work);
        if (Date.now() - began >= LONG_HOLD_MS) leaveFreeUntil.set(db, Date.now() + PG_GAP_MS);
        return done;
      })();
  for (const listener of committedListeners.get(db) ?? []) listener();
  return result;
}

const NOT_BEGUN = Symbol('not begun');

async function sqliteWrite<T>(db: Kysely<Database>, handle: SQLite.Database, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  const started = Date.now();
  const waitMs = Number(process.env.VX_SQLITE_WAIT_MS) || SQLITE_WAIT_MS;
  const flag = handle.memory ? null : `${handle.name}-waiting`;
  if (flag && handOff.has(handle)) {
    handOff.delete(handle);
    while (Date.now() - started < HANDOFF_MAX_MS && isFresh(flag)) await sleep(2);
  }
  let waited = false;
  for (let pause = 1; ; pause = Math.min(pause * 2, SQLITE_MAX_PAUSE_MS)) {
    const outcome = await db.connection().execute(async (conn): Promise<T | typeof NOT_BEGUN> => {
      if (!beginImmediate(handle)) return NOT_BEGUN;
      if (waited && flag) rmSync(flag, { force: true });
      const locked = Date.now();
      open.add(conn);
      try {
        const result = await work(conn);
        handle.exec('COMMIT');
        const released = Date.now();
        if (released - locked >= LONG_HOLD_MS) handOff.add(handle);
        return result;
      } catch (error) {
        if (handle.inTransaction) handle.exec('ROLLBACK');
        throw error;
      } finally {
        open.delete(conn);
      }
    });
    if (outcome !== NOT_BEGUN) return outcome;
    if (flag) touch(flag);
    waited = true;
    const elapsed = Date.now() - started;
    if (elapsed >= waitMs) {
      if (flag) rmSync(flag, { force: true });
      throw new DatabaseBusyError(elapsed);
    }
    // Outside the connection: this process's reads run while another process writes.
    await sleep(pause);
  }
}

/** Says "a writer is waiting" (see FLAG_STALE_MS): the file's modification time is now. */
function touch(flag: string): void {
  try {
    const now = new Date();
    utimesSync(flag, now, now);
  } catch {
    try {
      closeSync(openSync(flag, 'a'));
    } catch {
      // A folder we may not write to: the gap alone lets waiters in.
    }
  }
}

function isFresh(flag: string): boolean {
  try {
    return Date.now() - statSync(flag).mtimeMs < FLAG_STALE_MS;
  } catch {
    return false;
  }
}

/** Takes the write lock now, or says that another connection holds it (without waiting, so the event loop never blocks). */
function beginImmediate(handle: SQLite.Database): boolean {
  const timeout = handle.pragma('busy_timeout', { simple: true }) as number;
  handle.pragma('busy_timeout = 0');
  try {
    handle.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  } finally {
    handle.pragma(`busy_timeout = ${timeout}`);
  }
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}
