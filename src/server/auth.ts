import type { FastifyInstance, FastifyRequest } from 'fastify';

import { problems } from '../contract/index.ts';
import type { Principal, Role } from '../core/auth/roles.ts';
import { type FailureLimit, FailureLimiter } from './failure-limiter.ts';

/**
 * Authentication, one way for every write: a route states what it asks of its caller in its
 * options (`config: { auth: { roles: [...] } }`) and one `onRequest` hook checks it before the body
 * is read or validated, so a caller without a valid token or the right role gets its 401 or 403,
 * not a 400 describing a schema it may not use. Handlers take the caller with `principalOf`.
 */
export interface RouteAuth {
  roles: readonly Role[];
  /** 'city': the role must cover the whole city (its scope the root unit), as a campaign does. */
  scope?: 'city';
  /** What the whole-city scope is needed for, as the 403 says it (default: campaigns). */
  cityWork?: 'campaigns' | 'replay';
  /**
   * A browser form may send the token as this field (uploads): without an Authorization header
   * the hook lets the request through and the handler checks the field with `authenticateField`.
   */
  formField?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** The caller, once a route with `config.auth` has authenticated it; null elsewhere. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /**
     * The one check behind every write: 401 without a valid token, 403 when it may not do this,
     * 429 after too many failures from the request's address or against the token's id.
     */
    authenticate(request: FastifyRequest, token: string | null, auth: RouteAuth): Promise<Principal>;
    /**
     * Every route registered with `config.auth`, as registered (HEAD twins left out): what the
     * authorization matrix test (test/server/authorization-matrix.api.test.ts) must hold a row for.
     */
    authenticatedRoutes: ReadonlyArray<{ method: string; url: string; auth: RouteAuth }>;
  }
}

export interface AuthOptions {
  /** Who holds a token (null: unknown or revoked); the server asks the store's token table. */
  resolve(token: string): Promise<Principal | null>;
  /** Whether a scope is the city, the root of the unit tree. */
  isCityRoot(scope: string): boolean;
  /** A person signed in from a browser (session-auth.ts), asked when there is no bearer token. */
  session?(request: FastifyRequest, auth: RouteAuth): Promise<Principal | null>;
  /** The id a token names, whether or not it exists (its failures are counted per id); null when it names none. */
  tokenId?(token: string): string | null;
  /** Failed authentications allowed per client address and per token id (defaults: FAILURE_LIMITS). */
  limits?: { perAddress: FailureLimit; perTokenId: FailureLimit };
}

/**
 * Failures allowed before a 429. A real secret is 256 random bits, so these bound the scrypt work
 * (and log noise) an attacker causes rather than the odds of a guess; an officer who mistypes a
 * token a few times is not locked out.
 */
export const FAILURE_LIMITS = {
  perAddress: { max: 30, windowMs: 15 * 60_000 },
  perTokenId: { max: 10, windowMs: 15 * 60_000 },
} as const satisfies AuthOptions['limits'];

/** The bearer token of a request, from the Authorization header. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/**
 * Installs the check on a server: routes registered after this (in any plugin below it) are
 * authenticated when their options carry `config.auth`. Scope within the city is checked where
 * the data is known: per row by the intake (one out-of-scope row does not sink the batch), per
 * unit by the analyst handlers.
 */
export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  const routes: Array<{ method: string; url: string; auth: RouteAuth }> = [];
  app.decorate('authenticatedRoutes', routes);
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    if (!auth) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, auth });
  });
  const limits = options.limits ?? FAILURE_LIMITS;
  const byAddress = new FailureLimiter(limits.perAddress);
  const byTokenId = new FailureLimiter(limits.perTokenId);
  app.decorate('authenticate', async (request: FastifyRequest, token: string | null, auth: RouteAuth): Promise<Principal> => {
    if (token === null) throw problems.unauthorized.missingToken();
    // Checked before the token: a refused attempt costs no scrypt. request.ip is the socket's
    // address unless the server was told to trust a proxy's X-Forwarded-For (client-address.ts).
    const id = options.tokenId ? options.tokenId(token) : null;
    const wait = Math.max(byAddress.retryAfter(request.ip), id === null ? 0 : byTokenId.retryAfter(id));
    if (wait > 0) throw problems.tooManyRequests.failedAuth(wait).retryAfter(wait);
    const principal = await options.resolve(token);
    if (principal === null) {
      byAddress.fail(request.ip);
      if (id !== null) byTokenId.fail(id);
      throw problems.unauthorized.invalidToken();
    }
    if (!auth.roles.includes(principal.role)) throw problems.forbidden.role(principal.role, auth.roles);
    if (auth.scope === 'city' && !options.isCityRoot(principal.scope)) {
      throw auth.cityWork === 'replay'
        ? problems.forbidden.replayAdmin(principal.actor, principal.role)
        : problems.forbidden.campaignAdmin(principal.actor, principal.role);
    }
    return principal;
  });
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth) return;
    const token = bearerToken(request);
    const signedIn = token === null && options.session ? await options.session(request, auth) : null;
    if (signedIn) return void (request.principal = signedIn);
    if (token === null && auth.formField !== undefined) return;
    request.principal = await app.authenticate(request, token, auth);
  });
}

/** The caller of a route declared with `config.auth`, as the hook authenticated it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.routeOptions.url}: route registered without config.auth`);
  return request.principal;
}

/**
 * For a route with `auth.formField`: the caller by the Authorization header (checked by the hook)
 * or else by the token in that form field, checked the same way once the handler has read it.
 */
export async function authenticateField(request: FastifyRequest, fields: Readonly<Record<string, string>>): Promise<Principal> {
  if (request.principal) return request.principal;
  const auth = request.routeOptions.config.auth;
  if (!auth?.formField) throw new Error(`${request.routeOptions.url}: route registered without config.auth.formField`);
  const field = fields[auth.formField];
  const token = field && field.trim() !== '' ? field.trim() : null;
  return (request.principal = await request.server.authenticate(request, token, auth));
}
