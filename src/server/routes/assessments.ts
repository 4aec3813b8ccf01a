import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { AssessmentHistorySchema, AssessmentsQuery, problems, ProblemSchema, UnitCodeParams } from '../../contract/index.ts';
import { addDays, dayNumber } from '../../core/assess/day-axis.ts';
import { explain, type Reason } from '../../core/assess/explain.ts';
import { bandReasons } from '../../core/publish/banded-reasons.ts';
import { banded } from '../../core/publish/small-numbers.ts';
import { appealsOfOverrides } from '../../store/appeal-store.ts';
import { assessmentHistory } from '../../store/assessment-store.ts';
import { audienceOf } from '../audience.ts';
import type { AppContext } from '../context.ts';

const MAX_DAYS = 731;

/** GET /api/v1/assessments/{code}: daily history with reasons, as known now or as published at an instant. */
export function assessmentRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/assessments/:code',
    {
      schema: {
        summary: 'Daily assessments of one unit with their reasons',
        tags: ['risk'],
        params: UnitCodeParams,
        querystring: AssessmentsQuery,
        response: {
          200: AssessmentHistorySchema,
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const q = request.query;
      const unit = ctx.geography().hierarchy.get(code);
      if (!unit) throw problems.unitNotFound.code(code);
      const rulebookId = q.rulebook ?? ctx.risk.defaultRulebook;
      if (!ctx.risk.rulebook(rulebookId)) throw problems.unknownRulebook.id(rulebookId);
      const { engine, computedAt } = await ctx.risk.engine(rulebookId);
      if (!engine.isAssessed(code)) throw problems.notAssessed.unit(code, rulebookId);
      const asOf = engine.axis.date(engine.asOfIndex);
      const to = q.to ?? asOf;
      const from = q.from ?? addDays(to, -13);
      if (from > to) throw problems.invalidDateRange.fromAfterTo(from, to);
      if (dayNumber(to) - dayNumber(from) >= MAX_DAYS) throw problems.dateRangeTooLong.days(MAX_DAYS);
      const rulebook = { id: engine.rulebook.id, version: engine.rulebook.version };
      // Below the ward, the public reads banded figures (docs/small-numbers.md).
      const shown = banded(unit.kind, audienceOf(request, unit.code))
        ? (reasons: Reason[]) => bandReasons(reasons, engine.rulebook)
        : (reasons: Reason[]) => reasons;
      if (rulebookId === ctx.risk.defaultRulebook) {
        const rows = await assessmentHistory(ctx.store.db, rulebookId, code, from, to, q.publishedAt ? new Date(q.publishedAt).toISOString() : undefined);
        const appeals = await appealsOfOverrides(
          ctx.store.db,
          rows.flatMap((r) => (r.overrideId === null ? [] : [r.overrideId])),
        );
        return {
          unit: code,
          rulebook,
          from,
          to,
          publishedAt: q.publishedAt ?? null,
          assessments: rows.map((r) => ({
            date: r.date,
            level: r.level,
            state: r.state,
            version: r.version,
            computedAt: r.computedAt,
            reasons: shown(r.reasons),
            overrideId: r.overrideId,
            appeal: r.overrideId === null ? null : (appeals.get(r.overrideId) ?? null),
          })),
        };
      }
      if (q.publishedAt) throw problems.noPublishedHistory.assessments(ctx.risk.defaultRulebook);
      const assessments = [];
      for (let d = from; d <= to && d <= asOf; d = addDays(d, 1)) {
        const a = explain(engine, code, d);
        if (a)
          assessments.push({
            date: d,
            level: a.level,
            state: a.state,
            version: null,
            computedAt,
            reasons: shown(a.reasons),
            overrideId: a.override?.id ?? null,
          });
      }
      return { unit: code, rulebook, from, to, publishedAt: null, assessments };
    },
  );
}
