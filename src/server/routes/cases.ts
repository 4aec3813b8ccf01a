import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { CaseWindowQuery, CaseWindowSchema, DailyCasesQuery, DailyCasesSchema, problems, ProblemSchema, UnitCodeParams } from '../../contract/index.ts';
import { banded, bandLabel, publicCount } from '../../core/publish/small-numbers.ts';
import { addDays } from '../../core/time/local-date.ts';
import { communityWindow, dailyCases } from '../../store/cube-reads.ts';
import { audienceOf } from '../audience.ts';
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
      const unit = ctx.geography().hierarchy.get(code);
      if (!unit) throw problems.unitNotFound.code(code);
      if (from > to) throw problems.invalidRequest.fromAfterTo();
      if (addDays(from, 400) < to) throw problems.invalidRequest.tooManyDays(400);
      const days = await dailyCases(ctx.store.db, code, from, to);
      // Below the ward, the public reads each day's figures in bands (docs/small-numbers.md).
      if (!banded(unit.kind, audienceOf(request, code))) return { code, days };
      const band = (n: number | null) => (n === null ? null : bandLabel(n));
      return {
        code,
        days: days.map((d) => ({
          date: d.date,
          community: bandLabel(d.community),
          other: bandLabel(d.other),
          tested: band(d.tested),
          positive: band(d.positive),
          suspected: band(d.suspected),
        })),
      };
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
    async (request) => {
      const cases = await communityWindow(ctx.store.db, request.query.date);
      const audience = audienceOf(request);
      const hierarchy = ctx.geography().hierarchy;
      // Below the ward, the public reads the window's count in bands (docs/small-numbers.md).
      const shown = Object.fromEntries(Object.entries(cases).map(([code, n]) => [code, publicCount(n, hierarchy.get(code)?.kind, audience)]));
      return { date: request.query.date, cases: shown };
    },
  );
}
