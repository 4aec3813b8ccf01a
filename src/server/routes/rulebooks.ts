import type { FastifyInstance } from 'fastify';

import { RulebooksSchema } from '../../contract/index.ts';
import type { AppContext } from '../context.ts';

/** GET /api/v1/rulebooks: every loaded rulebook with its states, tiers and criteria (provenance included). */
export function rulebookRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/rulebooks',
    {
      schema: {
        summary: 'Rulebooks: states, tiers, parameters and criteria with citations and confidence',
        tags: ['risk'],
        response: { 200: RulebooksSchema },
      },
    },
    async () => ({
      default: ctx.risk.defaultRulebook,
      rulebooks: ctx.risk.rulebooks().map((b) => ({
        id: b.id,
        version: b.version,
        title: b.title,
        source: b.source,
        params: b.params,
        neighbourMode: b.neighbourMode,
        states: b.states.map((s, level) => ({ level, ...s })),
        tiers: b.tiers,
        criteria: b.criteria.map((c) => ({
          id: c.id,
          tier: c.tier,
          state: c.state,
          rule: c.rule,
          condition: c.condition,
          citation: c.citation,
          confidence: c.confidence,
          verified: c.verified,
          note: c.note,
        })),
        adjustments: b.adjustments.map((a) => ({
          id: a.id,
          tier: a.tier,
          kind: a.kind,
          rule: a.rule,
          citation: a.citation,
          confidence: a.confidence,
          verified: a.verified,
        })),
      })),
    }),
  );
}
