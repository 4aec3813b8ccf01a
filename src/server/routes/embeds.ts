import type { FastifyInstance, FastifyRequest } from 'fastify';

import { embedModel } from '../../app/embed-view.ts';
import { EmbedParams, EmbedQuery, problems, ProblemSchema } from '../../contract/index.ts';
import { embedHtml, embedNotFoundHtml } from '../../core/embed/embed-page.ts';
import { EMBED_CSS } from '../../core/embed/embed-stylesheet.ts';
import type { AppContext } from '../context.ts';
import { problemOf } from '../problem.ts';
import { originOf } from '../request-origin.ts';
import { EMBED_HELMET } from '../security-headers.ts';

const STYLESHEET = '/embed/embed.css';

/**
 * GET /embed/{code}: the widget other sites put in an iframe (issue #20 item 4, docs/embeds.md),
 * a card or a small map of one unit, rendered here as plain HTML. These answers, and only these,
 * may be framed by any site (EMBED_HELMET); the rest of the app still refuses framing.
 */
export function embedRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/embed/embed.css', { helmet: EMBED_HELMET, schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return reply.type('text/css; charset=utf-8').send(EMBED_CSS);
  });

  // The answer is HTML, which a typed reply cannot describe: params and query are typed from the contract.
  app.get<{ Params: EmbedParams; Querystring: EmbedQuery }>(
    '/embed/:code',
    {
      helmet: EMBED_HELMET,
      schema: {
        summary: 'An embeddable widget (HTML for an iframe): a unit’s card or map, Vietnamese or English; any site may frame it',
        tags: ['risk'],
        params: EmbedParams,
        querystring: EmbedQuery,
        produces: ['text/html'],
        response: { 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { view = 'card', lang = 'vi', date } = request.query;
      const { code } = request.params;
      const model = await embedModel(ctx, { code, view, lang, date, origin: originOf(request), stylesheet: STYLESHEET });
      if (!model) {
        // A page in the frame for a reader; the problem document for a program that asks for one.
        if (wantsProblem(request)) return problemOf(reply, request, problems.unitNotFound.code(code));
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(embedNotFoundHtml(code, lang, STYLESHEET));
      }
      return reply.type('text/html; charset=utf-8').send(embedHtml(model));
    },
  );
}

function wantsProblem(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /application\/(problem\+)?json/.test(accept) && !accept.includes('text/html');
}
