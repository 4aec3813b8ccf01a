import type { FastifyInstance } from 'fastify';

import { BoundaryParams, BoundaryQuery, problems, ProblemSchema } from '../../contract/index.ts';
import type { AppContext } from '../context.ts';
import { today } from '../today.ts';

export function geoRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The reply is GeoJSON text rendered once per layer, which a typed reply cannot describe: the
  // request's params are typed here from the same contract schema.
  app.get<{ Params: BoundaryParams; Querystring: BoundaryQuery }>(
    '/api/v1/geo/:kind.geojson',
    {
      schema: {
        summary: 'Boundaries of one kind of the units valid on a date (today by default) as a GeoJSON FeatureCollection (RFC 7946)',
        description:
          'Features carry code (the unit key the levels use), officialCode, name, parent, population and approximate (true where the boundary is an approximation). Units without an imported boundary are absent. The Boundary-Kinds header lists the kinds that have boundaries on the date. Long cache with ETag.',
        tags: ['geography'],
        params: BoundaryParams,
        querystring: BoundaryQuery,
        response: { 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const date = request.query.date ?? today(ctx);
      const layer = ctx.geography().layer(request.params.kind, date);
      if (!layer) throw problems.noBoundaries.kind(request.params.kind, ctx.geography().kinds(date));
      // Which kinds have boundaries on the date, so the map asks for no layer that is not there
      // (the 2025 communes have none): a 404 per load would be console noise in every browser.
      reply.header('Boundary-Kinds', ctx.geography().kinds(date).join(','));
      reply.header('ETag', layer.etag).header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
      if (request.headers['if-none-match'] === layer.etag) return reply.code(304).send();
      return reply.type('application/geo+json; charset=utf-8').send(layer.body);
    },
  );
}
