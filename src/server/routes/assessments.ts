import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { addDays, dayNumber } from '../../core/assess/day-axis.ts';
import { explain } from '../../core/assess/explain.ts';
import { assessmentHistory } from '../../store/assessment-store.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';
import { DateString, RulebookId } from './risk-schemas.ts';

const Query = Type.Object({
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  rulebook: Type.Optional(RulebookId),
  publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'give the assessments as published at this instant (default: as known now)' })),
});

const Row = Type.Object({
  date: Type.String(),
  level: Type.Integer(),
  state: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'published version (null for a rulebook computed on demand)' }),
  computedAt: Type.String(),
  reasons: Type.Array(Type.Ref('Reason')),
  overrideId: Type.Union([Type.Integer(), Type.Null()]),
});

const MAX_DAYS = 731;

/** GET /api/v1/assessments/{code}: daily history with reasons, as known now or as published at an instant. */
export function assessmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { code: string }; Querystring: Static<typeof Query> }>(
    '/api/v1/assessments/:code',
    {
      schema: {
        summary: 'Daily assessments of one unit with their reasons',
        tags: ['risk'],
        params: Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }) }),
        querystring: Query,
        response: {
          200: Type.Object({ unit: Type.String(), rulebook: Type.Object({ id: Type.String(), version: Type.String() }), from: Type.String(), to: Type.String(), publishedAt: Type.Union([Type.String(), Type.Null()]), assessments: Type.Array(Row) }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const q = request.query;
      if (!ctx.geography().hierarchy.get(code)) throw new HttpProblem(404, 'Không tìm thấy đơn vị / Unit not found', `no unit with code ${code}`);
      const rulebookId = q.rulebook ?? ctx.risk.defaultRulebook;
      if (!ctx.risk.rulebook(rulebookId)) throw new HttpProblem(404, 'Không có bộ tiêu chí này / Unknown rulebook', `no rulebook ${rulebookId}`, [{ field: 'querystring.rulebook', message: 'unknown rulebook' }]);
      const { engine, computedAt } = await ctx.risk.engine(rulebookId);
      if (!engine.isAssessed(code)) throw new HttpProblem(404, 'Đơn vị không được đánh giá theo bộ tiêu chí này / Unit not assessed by this rulebook', `${code} is a kind ${rulebookId} does not assess`);
      const asOf = engine.axis.date(engine.asOfIndex);
      const to = q.to ?? asOf;
      const from = q.from ?? addDays(to, -13);
      if (from > to) throw new HttpProblem(400, 'Khoảng ngày không hợp lệ / Invalid date range', `from ${from} is after to ${to}`, [{ field: 'querystring.from', message: 'must not be after to' }]);
      if (dayNumber(to) - dayNumber(from) >= MAX_DAYS) throw new HttpProblem(400, 'Khoảng ngày quá dài / Date range too long', `at most ${MAX_DAYS} days per request`, [{ field: 'querystring.from', message: `range longer than ${MAX_DAYS} days` }]);
      const rulebook = { id: engine.rulebook.id, version: engine.rulebook.version };
      if (rulebookId === ctx.risk.defaultRulebook) {
        const rows = await assessmentHistory(ctx.store.db, rulebookId, code, from, to, q.publishedAt ? new Date(q.publishedAt).toISOString() : undefined);
        return {
          unit: code, rulebook, from, to, publishedAt: q.publishedAt ?? null,
          assessments: rows.map((r) => ({ date: r.date, level: r.level, state: r.state, version: r.version, computedAt: r.computedAt, reasons: r.reasons, overrideId: r.overrideId })),
        };
      }
      if (q.publishedAt) throw new HttpProblem(400, 'Bộ tiêu chí này không lưu lịch sử công bố / This rulebook keeps no published history', `only ${ctx.risk.defaultRulebook} is published; others are computed on demand`, [{ field: 'querystring.publishedAt', message: 'not available for this rulebook' }]);
      const assessments = [];
      for (let d = from; d <= to && d <= asOf; d = addDays(d, 1)) {
        const a = explain(engine, code, d);
        if (a) assessments.push({ date: d, level: a.level, state: a.state, version: null, computedAt, reasons: a.reasons, overrideId: a.override?.id ?? null });
      }
      return { unit: code, rulebook, from, to, publishedAt: null, assessments };
    },
  );
}
