import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

export function geoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { kind: string } }>(
    '/api/v1/geo/:kind.geojson',
    {
      schema: {
        summary: 'Boundaries of one kind of unit as a GeoJSON FeatureCollection (RFC 7946)',
        description: 'Features carry code, name, parent, population and approximate (true where the boundary is an approximation). Long cache with ETag.',
        tags: ['geography'],
        params: Type.Object({ kind: Type.String({ pattern: '^[a-z_]{1,40}$' }) }),
        response: { 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const layer = ctx.geography().layer(request.params.kind);
      if (!layer) {
        throw new HttpProblem(404, 'Không có ranh giới / No boundaries', `no boundaries of kind ${request.params.kind}; known kinds: ${ctx.geography().kinds().join(', ')}`);
      }
      reply.header('ETag', layer.etag).header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
      if (request.headers['if-none-match'] === layer.etag) return reply.code(304).send();
      return reply.type('application/geo+json; charset=utf-8').send(layer.body);
    },
  );
}
