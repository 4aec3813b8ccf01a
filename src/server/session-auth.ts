import { timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

import { problems } from '../contract/index.ts';
import type { Principal, Role } from '../core/auth/roles.ts';
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, type ThrottlePolicy } from '../core/auth/sign-in-throttle.ts';
import type { Hierarchy } from '../core/geo/hierarchy.ts';
import { authenticateToken } from '../store/accounts-store.ts';
import type { Database } from '../store/schema.ts';
import { findSession, SESSION_LIFETIME, type SessionLifetime, type SessionMember } from '../store/session-store.ts';
import { bearerToken, type RouteAuth } from './auth.ts';

/**
 * Sessions for people signed in from a browser (docs/accounts.md); bearer tokens stay for machines.
 * One hook reads the session cookie of every request (and a bearer token on a read) so that both
 * the write check (auth.ts asks `sessionPrincipal`) and the public/private seam (audience.ts asks
 * `request.member`) see the same member.
 */

export const SESSION_COOKIE = 'vx_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionOptions {
  /** Mark the cookie Secure even when the request reached us over plain HTTP (behind a TLS proxy). Default: VX_SECURE_COOKIES=1. */
  secureCookies: boolean;
  lifetime: SessionLifetime;
  throttle: { account: ThrottlePolicy; address: ThrottlePolicy };
}

export function sessionOptions(given: Partial<SessionOptions> = {}): SessionOptions {
  return {
    secureCookies: given.secureCookies ?? process.env.VX_SECURE_COOKIES === '1',
    lifetime: given.lifetime ?? SESSION_LIFETIME,
    throttle: given.throttle ?? { account: ACCOUNT_THROTTLE, address: ADDRESS_THROTTLE },
  };
}

/** Who a request comes from, when it says: its roles, and whether one of them covers a unit. */
export interface Member {
  actor: string;
  roles: ReadonlyArray<{ role: Role; scope: string }>;
  /** Whether a role covers this unit (without a unit: whether one covers the whole city). */
  covers(unit?: string): boolean;
}

/** A member holding these roles, judged against this unit tree. */
export function memberOf(actor: string, roles: Member['roles'], tree: Hierarchy): Member {
  const covers = (unit: string | undefined, scope: string) => (unit === undefined ? tree.get(scope)?.parentCode === null : tree.isWithin(unit, scope));
  return { actor, roles, covers: (unit) => roles.some((r) => covers(unit, r.scope)) };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session (cookie), if any. */
    session: SessionMember | null;
    /** A cookie was sent whose session has ended (signed out, expired, disabled). */
    sessionEnded: boolean;
    /** The member behind the session or bearer token, if any; null for the public. */
    member: Member | null;
    /** Set when the response holds figures only a member sees: it is then private and uncached. */
    memberOnlyFigures: boolean;
  }
}

/** The cookies of a request, by name (the first of a repeated name wins, as RFC 6265 suggests). */
export function cookiesOf(request: FastifyRequest): Record<string, string> {
  const header = request.headers.cookie;
  const cookies: Record<string, string> = {};
  if (typeof header !== 'string') return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !(name in cookies)) cookies[name] = part.slice(eq + 1).trim();
  }
  return cookies;
}

/** Whether this request reached us over TLS, or the deployment says a TLS proxy stands before us. */
function secure(request: FastifyRequest, options: SessionOptions): boolean {
  return options.secureCookies || request.protocol === 'https';
}

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over TLS. */
export function setSessionCookie(reply: FastifyReply, id: string, maxAgeMs: number, options: SessionOptions): void {
  const flags = [`${SESSION_COOKIE}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure(reply.request, options)) flags.push('Secure');
  reply.header('set-cookie', flags.join('; '));
}

export function clearSessionCookie(reply: FastifyReply, options: SessionOptions): void {
  const flags = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0'];
  if (secure(reply.request, options)) flags.push('Secure');
  reply.header('set-cookie', flags.join('; '));
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a write made with the session cookie unless it echoes the session's CSRF token (synchronizer pattern). */
export function requireCsrf(request: FastifyRequest, session: SessionMember): void {
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string' || given === '') throw problems.csrf.missing();
  if (!sameToken(given, session.csrfToken)) throw problems.csrf.wrong();
}

/**
 * Installs the session hook; call before `installAuth` so its hook runs first. Returns the
 * options in force (defaults filled in) for the sign-in routes.
 */
export function installSessions(
  app: FastifyInstance,
  db: Kysely<Database>,
  given: Partial<SessionOptions> | undefined,
  hierarchy: () => Hierarchy,
): SessionOptions {
  const options = sessionOptions(given);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionEnded', false);
  app.decorateRequest('member', null);
  app.decorateRequest('memberOnlyFigures', false);
  app.addHook('onRequest', async (request) => {
    const id = cookiesOf(request)[SESSION_COOKIE];
    if (id) {
      request.session = await findSession(db, id, options.lifetime);
      request.sessionEnded = request.session === null;
      if (request.session) request.member = memberOf(`${request.session.name} (session)`, request.session.roles, hierarchy());
    }
    // A machine reading with its token is a member too (exact figures in scope); a bad token on a
    // read is simply the public, as it would be without one. Writes check their token in auth.ts.
    const token = bearerToken(request);
    if (token !== null && READS.has(request.method) && request.routeOptions.config?.auth === undefined) {
      const principal = await authenticateToken(db, token);
      if (principal) request.member = memberOf(principal.actor, [{ role: principal.role, scope: principal.scope }], hierarchy());
    }
  });
  // Figures a member sees and the public does not must never sit in a shared cache.
  app.addHook('onSend', async (request, reply) => {
    if (request.memberOnlyFigures) reply.header('cache-control', 'private, no-store').header('vary', 'Cookie, Authorization');
  });
  return options;
}

/**
 * The principal of a session for a route with `config.auth`, for auth.ts's hook; null when the
 * request has no live session (the hook then asks for a bearer token). A write needs the session's
 * CSRF token in X-CSRF-Token; an upload route (auth.formField) without it falls back to its token field.
 */
export async function sessionPrincipal(request: FastifyRequest, auth: RouteAuth, isCityRoot: (scope: string) => boolean): Promise<Principal | null> {
  const session = request.session;
  if (!session) {
    if (request.sessionEnded && auth.formField === undefined) throw problems.unauthorized.sessionEnded();
    return null;
  }
  if (!READS.has(request.method)) {
    if (auth.formField !== undefined && !request.headers[CSRF_HEADER]) return null;
    requireCsrf(request, session);
  }
  const fits = session.roles.filter((r) => auth.roles.includes(r.role));
  const chosen = fits.find((r) => auth.scope !== 'city' || isCityRoot(r.scope)) ?? fits[0];
  if (!chosen) throw problems.forbidden.role(session.roles.map((r) => r.role).join(', ') || '—', auth.roles);
  const actor = `${session.name} (session)`;
  if (auth.scope === 'city' && !isCityRoot(chosen.scope)) throw problems.forbidden.campaignAdmin(actor, chosen.role);
  return { actor, role: chosen.role, scope: chosen.scope };
}
