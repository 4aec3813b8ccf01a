import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { dashboardOf } from '../../app/dashboard.ts';
import { DashboardSchema, problems, ProblemSchema, UnitCodeParams } from '../../contract/index.ts';
import { ROLES } from '../../core/auth/roles.ts';
import { audienceOf } from '../audience.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { memberOf } from '../session-auth.ts';

/** Any role may read a dashboard; what decides is whether one of the member's scopes holds the unit. */
const ANY_MEMBER: RouteAuth = { roles: ROLES };

/**
 * GET /api/v1/dashboard/{code}: a steering committee's view of one unit (issue #18 item 2,
 * docs/accounts.md). 401 without a session or token, 404 for an unknown unit, 403 (naming the unit
 * and the member's scopes) for a unit outside every scope the member holds; exact figures, private.
 */
export function dashboardRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/dashboard/:code',
    {
      config: { auth: ANY_MEMBER },
      schema: {
        summary:
          "A steering committee's dashboard of one unit within its scope: children's levels and changes, worsened units, closest to green, cases and tests, freshness, standings",
        tags: ['accounts'],
        params: UnitCodeParams,
        response: { 200: DashboardSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const hierarchy = ctx.geography().hierarchy;
      const unit = hierarchy.get(request.params.code);
      if (!unit) throw problems.unitNotFound.code(request.params.code);
      // A session carries every role of its user; a token, its one role (the session hook makes no member of a token on a route with config.auth).
      const member = (request.member ??= memberOf(principal.actor, [{ role: principal.role, scope: principal.scope }], hierarchy));
      if (!member.covers(unit.code))
        throw problems.forbidden.dashboardOutsideScope(
          member.actor,
          unit.code,
          member.roles.map((r) => r.scope),
        );
      audienceOf(request, unit.code); // exact figures, and the answer private and uncached
      return dashboardOf(ctx, unit, (code) => member.covers(code));
    },
  );
}
