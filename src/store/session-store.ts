import { createHash, randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Role } from '../core/auth/roles.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Browser sessions (docs/accounts.md). The cookie holds 256 random bits; the table holds only
 * their SHA-256 (a fast hash is enough for a value that cannot be guessed), so reading the
 * database does not let anyone act as a member. Sign-out deletes rows: a cookie whose row is
 * gone is refused, however it was kept.
 */

/** A signed-in member as a request sees them: who, what they may do where, and the session's CSRF token. */
export interface SessionMember {
  idHash: string;
  userId: number;
  name: string;
  displayName: string | null;
  roles: Array<{ role: Role; scope: string }>;
  csrfToken: string;
  expiresAt: string;
}

export interface SessionLifetime {
  /** From sign-in, however busy: a stolen cookie stops working by then. */
  absoluteMs: number;
  /** Without a request. */
  idleMs: number;
}

export const SESSION_LIFETIME: SessionLifetime = { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

/** last_seen_at is rewritten at most this often: a page's burst of reads should not be a burst of writes. */
const TOUCH_EVERY_MS = 60_000;

export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** Opens a session for a user: a fresh id every time (no fixation), returned once for the cookie. */
export async function openSession(
  db: Kysely<Database>,
  userId: number,
  where: { address: string | null; agent: string | null },
  lifetime: SessionLifetime,
  now = new Date(),
): Promise<{ id: string; csrfToken: string; expiresAt: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetime.absoluteMs).toISOString();
  await writeTransaction(db, async (tx) => {
    // Sessions past their end are refused anyway; each sign-in sweeps them so the table stays small.
    await tx.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
    await tx
      .insertInto('sessions')
      .values({
        id_hash: sessionIdHash(id),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        address: where.address,
        agent: where.agent === null ? null : where.agent.slice(0, 200),
      })
      .execute();
  });
  return { id, csrfToken, expiresAt };
}

/** The member a session id stands for, or null when unknown, expired, idle too long or its user disabled. */
export async function findSession(db: Kysely<Database>, id: string, lifetime: SessionLifetime, now = new Date()): Promise<SessionMember | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const idHash = sessionIdHash(id);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.name',
      'users.display_name',
      'users.disabled_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= now.getTime() || now.getTime() - lastSeen > lifetime.idleMs) {
    await closeSession(db, id);
    return null;
  }
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    await writeTransaction(db, (tx) => tx.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute());
  }
  const userId = Number(row.user_id);
  const roles = await db.selectFrom('user_roles').select(['role', 'scope']).where('user_id', '=', userId).orderBy('role').orderBy('scope').execute();
  return {
    idHash,
    userId,
    name: row.name,
    displayName: row.display_name,
    roles: roles.map((r) => ({ role: r.role as Role, scope: r.scope })),
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Signs one session out. */
export async function closeSession(db: Kysely<Database>, id: string): Promise<void> {
  await writeTransaction(db, (tx) => tx.deleteFrom('sessions').where('id_hash', '=', sessionIdHash(id)).execute());
}

/** Signs a user out everywhere: every browser they signed in from. Returns how many sessions ended. */
export async function closeUserSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await writeTransaction(db, (tx) => tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst());
  return Number(r.numDeletedRows);
}
