import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import type { Kysely } from 'kysely';

import type { Principal, Role } from '../core/auth/roles.ts';
import { audit } from './audit.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

const scryptAsync = promisify(scrypt) as (secret: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };

/** scrypt with a random salt, stored as `scrypt$N$salt$hash` so the cost can rise later. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** How many secrets this process has checked with scrypt: the work an attacker makes it do (tests count it). */
let secretChecks = 0;
export const secretChecksSoFar = (): number => secretChecks;

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  secretChecks++;
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, { ...SCRYPT, N: Number(n) });
  return timingSafeEqual(actual, expected);
}

export class AccountError extends Error {}

export async function addUser(
  db: Kysely<Database>,
  user: { name: string; displayName?: string | null; password?: string | null; roles: Array<{ role: Role; scope: string }> },
  actor: string,
  channel = 'cli',
): Promise<number> {
  const passwordHash = user.password ? await hashSecret(user.password) : null;
  return writeTransaction(db, async (tx) => {
    const exists = await tx.selectFrom('users').select('id').where('name', '=', user.name).executeTakeFirst();
    if (exists) throw new AccountError(`Người dùng "${user.name}" đã tồn tại / user "${user.name}" already exists`);
    const row = await tx
      .insertInto('users')
      .values({
        name: user.name,
        display_name: user.displayName ?? null,
        password_hash: passwordHash,
        password_set_at: passwordHash === null ? null : new Date().toISOString(),
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    for (const r of user.roles) await tx.insertInto('user_roles').values({ user_id: id, role: r.role, scope: r.scope }).execute();
    await audit(tx, { actor, channel, action: 'user.add', detail: { name: user.name, roles: user.roles } });
    return id;
  });
}

/**
 * Creates an API token and returns it; only its hash is kept. The token is `vx_<id>_<secret>`:
 * the id finds the row, the 256-bit secret is checked against its scrypt hash.
 */
export async function createToken(
  db: Kysely<Database>,
  token: { label: string; role: Role; scope: string; userName?: string | null },
  actor: string,
): Promise<{ id: string; token: string }> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const secretHash = await hashSecret(secret);
  await writeTransaction(db, async (tx) => {
    let userId: number | null = null;
    if (token.userName) {
      const user = await tx.selectFrom('users').select('id').where('name', '=', token.userName).executeTakeFirst();
      if (!user) throw new AccountError(`Không có người dùng "${token.userName}" / no user "${token.userName}"`);
      userId = Number(user.id);
    }
    await tx
      .insertInto('api_tokens')
      .values({
        id,
        user_id: userId,
        label: token.label,
        role: token.role,
        scope: token.scope,
        secret_hash: secretHash,
        created_at: new Date().toISOString(),
        revoked_at: null,
      })
      .execute();
    await audit(tx, {
      actor,
      channel: 'cli',
      action: 'token.create',
      detail: { id, label: token.label, role: token.role, scope: token.scope, user: token.userName ?? null },
    });
  });
  return { id, token: `vx_${id}_${secret}` };
}

export async function revokeToken(db: Kysely<Database>, id: string, actor: string): Promise<boolean> {
  const result = await writeTransaction(db, async (tx) => {
    const r = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) await audit(tx, { actor, channel: 'cli', action: 'token.revoke', detail: { id } });
    return Number(r.numUpdatedRows) > 0;
  });
  verified.clear();
  return result;
}

/** A token as an administrator sees it: everything but its secret (only its hash is stored anyway). */
export interface TokenListing {
  id: string;
  label: string;
  role: Role;
  scope: string;
  user: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Every token, newest first, so an administrator can find the one to revoke. */
export async function listTokens(db: Kysely<Database>): Promise<TokenListing[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.label',
      'api_tokens.role',
      'api_tokens.scope',
      'api_tokens.created_at',
      'api_tokens.revoked_at',
      'users.name as user_name',
    ])
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    role: r.role as Role,
    scope: r.scope,
    user: r.user_name ?? null,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** A user with their roles, without the password hash. */
export interface UserListing {
  name: string;
  displayName: string | null;
  roles: Array<{ role: Role; scope: string }>;
  createdAt: string;
}

export async function listUsers(db: Kysely<Database>): Promise<UserListing[]> {
  const users = await db.selectFrom('users').select(['id', 'name', 'display_name', 'created_at']).orderBy('name').execute();
  const roles = await db.selectFrom('user_roles').select(['user_id', 'role', 'scope']).orderBy('role').orderBy('scope').execute();
  return users.map((u) => ({
    name: u.name,
    displayName: u.display_name,
    roles: roles.filter((r) => Number(r.user_id) === Number(u.id)).map((r) => ({ role: r.role as Role, scope: r.scope })),
    createdAt: u.created_at,
  }));
}

/**
 * Checks a bearer token. scrypt costs tens of milliseconds by design, so a token verified once
 * is remembered (by its SHA-256, never in clear) for a minute; the row is still re-read every
 * time so a revocation takes effect at once.
 */
const verified = new Map<string, { hash: string; until: number }>();
const CACHE_MS = 60_000;

const TOKEN_FORMAT = /^vx_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** The id part of a token in the `vx_<id>_<secret>` format (whether or not it exists), or null. */
export function tokenIdOf(token: string): string | null {
  return TOKEN_FORMAT.exec(token.trim())?.[1] ?? null;
}

/**
 * A hash no secret matches, checked when a token's id is unknown or revoked: the refusal then
 * costs the same scrypt work as a wrong secret for a real id, so its time does not tell an
 * attacker which ids exist. Made once, on the first refusal.
 */
let decoyHash: Promise<string> | null = null;
const decoy = () => (decoyHash ??= hashSecret(randomBytes(32).toString('base64url')));

export async function authenticateToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const m = TOKEN_FORMAT.exec(token.trim());
  if (!m) return null;
  const row = await db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.label',
      'api_tokens.role',
      'api_tokens.scope',
      'api_tokens.secret_hash',
      'api_tokens.revoked_at',
      'users.name as user_name',
    ])
    .where('api_tokens.id', '=', m[1])
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) {
    await verifySecret(m[2], await decoy());
    return null;
  }
  const digest = createHash('sha256').update(token).digest('base64url');
  const cached = verified.get(digest);
  if (!(cached && cached.hash === row.secret_hash && cached.until > Date.now())) {
    if (!(await verifySecret(m[2], row.secret_hash))) return null;
    verified.set(digest, { hash: row.secret_hash, until: Date.now() + CACHE_MS });
  }
  return { actor: `${row.user_name ?? row.label} (token ${row.id})`, role: row.role as Role, scope: row.scope };
}

/** A password a person types: long enough to resist guessing at the throttled rate, short enough to type. */
export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 256;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `ít nhất ${PASSWORD_MIN_LENGTH} ký tự / at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `nhiều nhất ${PASSWORD_MAX_LENGTH} ký tự / at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

/**
 * The user a name and password sign in, or null. The password is compared by scrypt with the
 * user's own salt and stored cost, in constant time; nothing here logs or keeps it.
 */
export async function checkPassword(db: Kysely<Database>, name: string, password: string): Promise<{ id: number; name: string } | null> {
  const row = await db.selectFrom('users').select(['id', 'name', 'password_hash', 'disabled_at']).where('name', '=', name).executeTakeFirst();
  if (!row || row.password_hash === null || row.disabled_at !== null) {
    // The decoy hash (above): an unknown name, a disabled user or one without a password takes as
    // long as a real member's check, so the time does not tell names apart.
    await verifySecret(password, await decoy());
    return null;
  }
  if (!(await verifySecret(password, row.password_hash))) return null;
  return { id: Number(row.id), name: row.name };
}

/** The address a member last signed in from: the account-wide throttle spares it (docs/accounts.md). */
export async function lastSignInAddress(db: Kysely<Database>, name: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('last_sign_in_address').where('name', '=', name).executeTakeFirst();
  return row?.last_sign_in_address ?? null;
}

export async function noteSignIn(db: Kysely<Database>, userId: number, address: string | null, actor: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.updateTable('users').set({ last_sign_in_address: address }).where('id', '=', userId).execute();
    await audit(tx, { actor, channel: 'web', action: 'session.open', detail: { address } });
  });
}

/** Sets (or replaces) a user's password; their open sessions end, as after any password change. */
export async function setPassword(db: Kysely<Database>, name: string, password: string, actor: string, channel: string): Promise<void> {
  const hash = await hashSecret(password);
  await writeTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
    if (!user) throw new AccountError(`Không có người dùng "${name}" / no user "${name}"`);
    await tx.updateTable('users').set({ password_hash: hash, password_set_at: new Date().toISOString() }).where('id', '=', user.id).execute();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await audit(tx, { actor, channel, action: 'user.password', detail: { name } });
  });
}

/** A user as the admin page shows them: never the password or its hash. */
export interface ManagedUser {
  name: string;
  displayName: string | null;
  roles: Array<{ role: Role; scope: string }>;
  createdAt: string;
  passwordSetAt: string | null;
  disabledAt: string | null;
  sessions: number;
}

export async function listManagedUsers(db: Kysely<Database>): Promise<ManagedUser[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'display_name', 'created_at', 'password_set_at', 'password_hash', 'disabled_at'])
    .orderBy('name')
    .execute();
  const roles = await db.selectFrom('user_roles').select(['user_id', 'role', 'scope']).orderBy('role').orderBy('scope').execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['user_id', db.fn.countAll<number>().as('n')])
    .where('expires_at', '>', new Date().toISOString())
    .groupBy('user_id')
    .execute();
  return users.map((u) => ({
    name: u.name,
    displayName: u.display_name,
    roles: roles.filter((r) => Number(r.user_id) === Number(u.id)).map((r) => ({ role: r.role as Role, scope: r.scope })),
    createdAt: u.created_at,
    // A password given before migration 013 has a hash but no date: it is set, when is unknown.
    passwordSetAt: u.password_set_at ?? (u.password_hash !== null ? u.created_at : null),
    disabledAt: u.disabled_at,
    sessions: Number(sessions.find((s) => Number(s.user_id) === Number(u.id))?.n ?? 0),
  }));
}

/** Gives a user one role over one subtree, in place of whatever they held. */
export async function setUserRole(db: Kysely<Database>, name: string, role: { role: Role; scope: string }, actor: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
    if (!user) throw new AccountError(`Không có người dùng "${name}" / no user "${name}"`);
    await tx.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
    await tx
      .insertInto('user_roles')
      .values({ user_id: Number(user.id), role: role.role, scope: role.scope })
      .execute();
    await audit(tx, { actor, channel: 'web', action: 'user.role', detail: { name, ...role } });
  });
}

/** Disables (and signs out everywhere) or enables a user. */
export async function setUserDisabled(db: Kysely<Database>, name: string, disabled: boolean, actor: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
    if (!user) throw new AccountError(`Không có người dùng "${name}" / no user "${name}"`);
    await tx
      .updateTable('users')
      .set({ disabled_at: disabled ? new Date().toISOString() : null })
      .where('id', '=', user.id)
      .execute();
    if (disabled) await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await audit(tx, { actor, channel: 'web', action: disabled ? 'user.disable' : 'user.enable', detail: { name } });
  });
}

export async function userId(db: Kysely<Database>, name: string): Promise<number | null> {
  const row = await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The token id in an actor as `authenticateToken` names it ("lan (token 0a1b2c3d4e5f)"), or null. */
export function tokenIdOfActor(actor: string): string | null {
  return /\(token ([0-9a-f]{12})\)$/.exec(actor)?.[1] ?? null;
}

/** The role and scope of each of these tokens (revoked ones too: they still say who recorded what). */
export async function tokenRoles(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, { role: Role; scope: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('api_tokens').select(['id', 'role', 'scope']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { role: r.role as Role, scope: r.scope }]));
}
