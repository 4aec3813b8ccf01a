import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { requireRole } from './auth.ts';
import type { Authenticate } from './routes/analyst.ts';

/**
 * The analyst endpoints' authentication: a token with the analyst (or admin) role. Its scope
 * goes with the actor, and the handlers refuse units outside it (a district analyst cannot
 * override another district).
 */
export function analystAuthenticator(ctx: AppContext): Authenticate {
  return async (request: FastifyRequest) => {
    const principal = await requireRole(ctx, request, ['analyst', 'admin']);
    return { id: principal.actor, scope: principal.scope };
  };
}
