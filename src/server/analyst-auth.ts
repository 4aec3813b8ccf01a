import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { requireRole } from './auth.ts';
import { HttpProblem } from './problem.ts';
import type { Authenticate } from './routes/analyst.ts';

/**
 * The analyst endpoints' authentication: a token with the analyst (or admin) role, whose scope
 * covers the unit the request names. A district analyst cannot override another district.
 */
export function analystAuthenticator(ctx: AppContext): Authenticate {
  return async (request: FastifyRequest) => {
    const principal = await requireRole(ctx, request, ['analyst', 'admin']);
    const unit = (request.body as { unit?: unknown } | undefined)?.unit;
    if (typeof unit === 'string' && ctx.geography().hierarchy.get(unit) && !ctx.geography().hierarchy.isWithin(unit, principal.scope)) {
      throw new HttpProblem(403, 'Ngoài phạm vi / Out of scope', `Đơn vị ${unit} nằm ngoài phạm vi ${principal.scope} của mã truy cập / unit ${unit} is outside the token's scope ${principal.scope}`, [
        { field: 'unit', message: `outside scope ${principal.scope}` },
      ]);
    }
    return { id: principal.actor, scope: principal.scope };
  };
}
