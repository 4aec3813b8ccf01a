import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { etagOf } from '../../app/etag.ts';
import { levelsValidOn } from '../../app/levels-valid-on.ts';
import { LevelDatesSchema, type Levels, LevelsQuery, LevelsSchema, NoContent, problems, ProblemSchema, RulebookQuery } from '../../contract/index.ts';
import { datesBetween } from '../../core/time/local-date.ts';
import { publishedLevelsOn } from '../../store/assessment-store.ts';
import type { AppContext } from '../context.ts';

/** GET /api/v1/levels: the map's one request, small and cacheable (ETag of the body). */
export function levelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const rendered = new Map<string, { body: string; etag: string }>();
  // The reply is JSON text rendered once per engine revision, which a typed reply cannot describe:
  // the query is typed here from the same contract schema, the body by publishedSnapshot's type.
  app.get<{ Querystring: LevelsQuery }>(
    '/api/v1/levels',
    {
      schema: {
        summary: 'Level of every unit (of a kind) valid on a date under a rulebook',
        tags: ['risk'],
        querystring: LevelsQuery,
        response: { 200: LevelsSchema, 304: NoContent, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { kind, date, rulebook, publishedAt } = request.query;
      const risk = ctx.risk;
      if (rulebook !== undefined && !risk.rulebook(rulebook)) {
        throw problems.unknownRulebook.listed(rulebook);
      }
      // The map polls this; the body only changes when a recompute does, so keep it rendered,
      // keyed by what it depends on (the engine's revision moves with every recompute).
      const { engine, revision } = await risk.engine(rulebook);
      const key = `${engine.rulebook.id}|${date ?? 'latest'}|${kind ?? '*'}|${revision}`;
      let cached = publishedAt === undefined ? rendered.get(key) : undefined;
      if (!cached) {
        let snapshot;
        if (publishedAt !== undefined) snapshot = await publishedSnapshot(ctx, { kind, date, rulebook, publishedAt });
        else
          try {
            // The engine assesses every period's units; the date's answer holds the units valid on it.
            snapshot = await levelsValidOn(ctx, { rulebook, date, kind });
          } catch (error) {
            if (error instanceof RangeError) throw problems.noAssessment.date(error.message);
            throw error;
          }
        const body = JSON.stringify(snapshot);
        cached = { body, etag: etagOf(body) };
        if (publishedAt === undefined) {
          if (rendered.size >= 256) rendered.clear();
          rendered.set(key, cached);
        }
      }
      const { body, etag } = cached;
      reply.header('etag', etag).header('cache-control', 'public, max-age=0, must-revalidate');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/json').send(body);
    },
  );
}

/** "As published then": what the map showed at an instant, from the append-only assessments. */
async function publishedSnapshot(ctx: AppContext, q: LevelsQuery & { publishedAt: string }): Promise<Levels> {
  const rulebookId = q.rulebook ?? ctx.risk.defaultRulebook;
  if (rulebookId !== ctx.risk.defaultRulebook) {
    throw problems.noPublishedHistory.levels(ctx.risk.defaultRulebook);
  }
  const { engine } = await ctx.risk.engine(rulebookId);
  const date = q.date ?? engine.axis.date(engine.asOfIndex);
  const published = await publishedLevelsOn(ctx.store.db, rulebookId, date, new Date(q.publishedAt).toISOString());
  const hierarchy = ctx.geography().hierarchy;
  const levels =
    q.kind === undefined ? published.levels : Object.fromEntries(Object.entries(published.levels).filter(([code]) => hierarchy.get(code)?.kind === q.kind));
  return {
    date,
    computedAt: published.computedAt ?? new Date(q.publishedAt).toISOString(),
    rulebook: { id: engine.rulebook.id, version: engine.rulebook.version },
    levels,
  };
}

/** GET /api/v1/levels/dates: the dates the time slider can show (first date with data to the latest). */
export function levelDateRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/levels/dates',
    {
      schema: {
        summary: 'Dates with assessments, oldest first',
        tags: ['risk'],
        querystring: RulebookQuery,
        response: { 200: LevelDatesSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const id = request.query.rulebook ?? ctx.risk.defaultRulebook;
      if (!ctx.risk.rulebook(id)) throw problems.unknownRulebook.id(id);
      const { engine } = await ctx.risk.engine(id);
      return { rulebook: id, dates: datesBetween(engine.axis.start, engine.axis.date(engine.asOfIndex)) };
    },
  );
}
