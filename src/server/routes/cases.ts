import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { addDays } from '../../core/time/local-date.ts';
import { communityWindow, dailyCases } from '../../store/cube-reads.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' });

const DailyQuery = Type.Object({ from: DateString, to: DateString });

/** Case counts read from the daily cube: the sparkline and the table view use these. */
export function caseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { code: string }; Querystring: Static<typeof DailyQuery> }>(
    '/api/v1/cases/daily/:code',
    {
      schema: {
        summary: 'Daily confirmed cases of one unit (community and other settings), zero-filled',
        tags: ['cases'],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }) }),
        querystring: DailyQuery,
        response: {
          200: Type.Object({ code: Type.String(), days: Type.Array(Type.Object({ date: Type.String(), community: Type.Integer(), other: Type.Integer() })) }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const { from, to } = request.query;
      if (!ctx.geography().hierarchy.get(code)) throw new HttpProblem(404, 'Không tìm thấy đơn vị / Unit not found', `no unit with code ${code}`);
      if (from > to) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'from must not be after to', [{ field: 'from', message: 'after to' }]);
      if (addDays(from, 400) < to) {
        throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'at most 400 days per request', [{ field: 'to', message: 'more than 400 days after from' }]);
      }
      return { code, days: await dailyCases(ctx.store.db, code, from, to) };
    },
  );

  app.get<{ Querystring: { date: string } }>(
    '/api/v1/cases/window',
    {
      schema: {
        summary: 'Community cases per unit in the 14-day window ending on a date',
        tags: ['cases'],
        querystring: Type.Object({ date: DateString }),
        response: { 200: Type.Object({ date: Type.String(), cases: Type.Record(Type.String(), Type.Integer()) }), 400: ProblemSchema },
      },
    },
    async (request) => ({ date: request.query.date, cases: await communityWindow(ctx.store.db, request.query.date) }),
  );
}
