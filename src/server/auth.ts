import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../core/auth/roles.ts';
import { authenticateToken } from '../store/accounts-store.ts';
import type { AppContext } from './context.ts';
import { HttpProblem } from './problem.ts';

/** The bearer token of a request, from the Authorization header (or a form field the caller read). */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/**
 * Authenticates a write: 401 without a valid token, 403 when its role may not do this. Scope is
 * checked per row by the intake, so one out-of-scope row does not sink the batch.
 */
export async function requireRole(ctx: AppContext, request: FastifyRequest, roles: readonly Role[], token = bearerToken(request)): Promise<Principal> {
  if (token === null) {
    throw new HttpProblem(401, 'Chưa xác thực / Unauthorized', 'Cần mã truy cập: Authorization: Bearer <token> (tạo bằng `vungxanh token create`) / a bearer token is required: Authorization: Bearer <token> (create one with `vungxanh token create`)');
  }
  const principal = await authenticateToken(ctx.store.db, token);
  if (principal === null) throw new HttpProblem(401, 'Chưa xác thực / Unauthorized', 'Mã truy cập không hợp lệ hoặc đã thu hồi / the token is invalid or revoked');
  if (!roles.includes(principal.role)) {
    throw new HttpProblem(403, 'Không có quyền / Forbidden', `Vai trò ${principal.role} không được làm việc này, cần ${roles.join(' hoặc ')} / role ${principal.role} may not do this (needs ${roles.join(' or ')})`);
  }
  return principal;
}

/** A route's authentication, run as its `onRequest` hook; the handler takes the caller back with `actorOf`. */
export interface FirstAuthentication<A> {
  onRequest(request: FastifyRequest): Promise<void>;
  actorOf(request: FastifyRequest): A;
}

/**
 * Authentication as a route's `onRequest` hook, which runs before the body is read or validated:
 * a caller without a valid token or the right role gets its 401 or 403, not a 400 describing a
 * schema it may not use. The handler takes the caller back with `actorOf(request)`.
 */
export function authenticateFirst<A>(authenticate: (request: FastifyRequest) => Promise<A>): FirstAuthentication<A> {
  const actors = new WeakMap<FastifyRequest, A>();
  return {
    onRequest: async (request: FastifyRequest): Promise<void> => {
      actors.set(request, await authenticate(request));
    },
    actorOf: (request: FastifyRequest): A => {
      const actor = actors.get(request);
      if (actor === undefined) throw new Error(`${request.routeOptions.url}: route registered without its onRequest authentication`);
      return actor;
    },
  };
}
