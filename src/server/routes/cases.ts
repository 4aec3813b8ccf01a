import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { CaseWindowQuery, CaseWindowSchema, DailyCasesQuery, DailyCasesSchema, problems, ProblemSchema, UnitCodeParams } from '../../contract/index.ts';
import { addDays } from '../../core/time/local-date.ts';
import { communityWindow, dailyCases } from '../../store/cube-reads.ts';
import type { AppContext } from '../context.ts';

/** Case counts read from the daily cube: the sparkline and the table view use these. */
export function caseRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/cases/daily/:code',
    {
      schema: {
        summary: 'Daily confirmed cases of one unit (community and other settings), zero-filled, with the tests and suspected cases reported for each day',
        tags: ['cases'],
        params: UnitCodeParams,
        querystring: DailyCasesQuery,
        response: {
          200: DailyCasesSchema,
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const { from, to } = request.query;
      if (!ctx.geography().hierarchy.get(code)) throw problems.unitNotFound.code(code);
      if (from > to) throw problems.invalidRequest.fromAfterTo();
      if (addDays(from, 400) < to) throw problems.invalidRequest.tooManyDays(400);
      return { code, days: await dailyCases(ctx.store.db, code, from, to) };
    },
  );

  app.get(
    '/api/v1/cases/window',
    {
      schema: {
        summary: 'Community cases per unit in the 14-day window ending on a date',
        tags: ['cases'],
        querystring: CaseWindowQuery,
        response: { 200: CaseWindowSchema, 400: ProblemSchema },
      },
    },
    async (request) => ({ date: request.query.date, cases: await communityWindow(ctx.store.db, request.query.date) }),
  );
}
