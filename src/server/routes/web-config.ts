import type { FastifyInstance } from 'fastify';

/**
 * GET /config.js: the web app's run-time settings. The map draws no external tiles by default
 * (the machines that serve it may have no internet); an operator who has a basemap sets
 * VX_BASEMAP_STYLE to a MapLibre style URL and the units are drawn over it.
 */
export function webConfigRoutes(app: FastifyInstance, basemapStyle = process.env.VX_BASEMAP_STYLE): void {
  const body = `window.VX_BASEMAP_STYLE = ${basemapStyle ? JSON.stringify(basemapStyle) : 'undefined'};\n`;
  app.get('/config.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(body),
  );
}
