import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

import { signIn } from '../../app/sign-in.ts';
import { problems, ProblemSchema, SessionSchema, SignedOutSchema, SignInSchema } from '../../contract/index.ts';
import { retryAfterSeconds } from '../../core/auth/sign-in-throttle.ts';
import { noteSignIn } from '../../store/accounts-store.ts';
import type { Database } from '../../store/schema.ts';
import { closeSession, closeUserSessions, findSession, openSession, type SessionMember } from '../../store/session-store.ts';
import type { AppContext } from '../context.ts';
import { clearSessionCookie, cookiesOf, requireCsrf, SESSION_COOKIE, type SessionOptions, setSessionCookie } from '../session-auth.ts';
import { userRoutes } from './users.ts';

/**
 * Sign-in for people (docs/accounts.md): POST /api/v1/session signs in, GET says who is signed in
 * (and gives the CSRF token), DELETE /api/v1/session signs this browser out, DELETE
 * /api/v1/sessions signs the member out everywhere.
 */
export function signInRoutes(server: FastifyInstance, ctx: AppContext, options: SessionOptions): void {
  sessionRoutes(server, ctx.store.db, options);
  userRoutes(server, ctx);
}

function sessionRoutes(server: FastifyInstance, db: Kysely<Database>, options: SessionOptions): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/session',
    {
      schema: {
        summary: 'Sign in with a name and password: sets the session cookie',
        tags: ['accounts'],
        body: SignInSchema,
        response: { 200: SessionSchema, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const outcome = await signIn(db, { name, password, address: request.ip }, options.throttle);
      if (outcome.kind === 'throttled') {
        const seconds = retryAfterSeconds(outcome.until, new Date());
        reply.header('retry-after', String(seconds));
        throw problems.signInThrottled.wait(seconds);
      }
      if (outcome.kind === 'wrong') throw problems.unauthorized.credentials();
      // Whatever session id the browser held is dropped and a fresh one issued: an id planted
      // before sign-in (fixation) never becomes a signed-in one.
      const previous = cookiesOf(request)[SESSION_COOKIE];
      if (previous) await closeSession(db, previous);
      const opened = await openSession(db, outcome.userId, { address: request.ip, agent: agentOf(request) }, options.lifetime);
      await noteSignIn(db, outcome.userId, request.ip, outcome.name);
      setSessionCookie(reply, opened.id, options.lifetime.absoluteMs, options);
      const member = await findSession(db, opened.id, options.lifetime);
      return describe(member);
    },
  );

  app.get(
    '/api/v1/session',
    { schema: { summary: 'Who is signed in, and the CSRF token for writes', tags: ['accounts'], response: { 200: SessionSchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      if (request.sessionEnded) clearSessionCookie(reply, options);
      return describe(request.session);
    },
  );

  app.delete(
    '/api/v1/session',
    { schema: { summary: 'Sign this browser out', tags: ['accounts'], response: { 200: SignedOutSchema, 401: ProblemSchema, 403: ProblemSchema } } },
    async (request, reply) => {
      const session = signedInWriter(request);
      await closeSession(db, cookiesOf(request)[SESSION_COOKIE]);
      clearSessionCookie(reply, options);
      request.log.info({ user: session.name }, 'signed out');
      return { sessionsEnded: 1 };
    },
  );

  app.delete(
    '/api/v1/sessions',
    {
      schema: {
        summary: 'Sign out everywhere: every browser this member signed in from',
        tags: ['accounts'],
        response: { 200: SignedOutSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const session = signedInWriter(request);
      const sessionsEnded = await closeUserSessions(db, session.userId);
      clearSessionCookie(reply, options);
      return { sessionsEnded };
    },
  );
}

/** The session of a write about the session itself: signed in, and the CSRF token echoed. */
function signedInWriter(request: FastifyRequest): SessionMember {
  if (!request.session) throw request.sessionEnded ? problems.unauthorized.sessionEnded() : problems.unauthorized.noSession();
  requireCsrf(request, request.session);
  return request.session;
}

function describe(member: SessionMember | null) {
  if (!member) return { signedIn: false };
  return { signedIn: true, name: member.name, displayName: member.displayName, roles: member.roles, csrfToken: member.csrfToken, expiresAt: member.expiresAt };
}

/** The browser, briefly, for the administrator's list of where a member is signed in. */
function agentOf(request: FastifyRequest): string | null {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent.slice(0, 200) : null;
}
