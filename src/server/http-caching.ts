import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { etagOf } from '../app/etag.ts';

/** Public answers are the same for everyone: a cache may keep them but asks again each time (the map changes with each recompute). */
const PUBLIC_REVALIDATE = 'public, max-age=0, must-revalidate';
/** An answer to a signed-in caller (a token, a route that asks for one) is theirs alone: no cache keeps it. */
const PRIVATE = 'private, no-store';

/** Whether an If-None-Match header names this ETag (a list, or `*`; a weak `W/` prefix matches too, RFC 9110 §13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const strong = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === strong);
}

function isPrivate(request: FastifyRequest): boolean {
  return request.routeOptions.config?.auth !== undefined || request.headers.authorization !== undefined;
}

/**
 * One rule for every GET, instead of one per route: a 200 gets Cache-Control (public and
 * revalidated, or private and kept nowhere) and, when it is public and buffered, an ETag of its
 * bytes with a 304 for a client that already holds them. A route that says more itself (the
 * boundaries' long cache, the live stream's no-transform, the web app's files) keeps its own
 * headers. Installed before compression, so the ETag names the uncompressed answer, the same
 * whatever encoding the client reads it in.
 */
export function installHttpCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (isPrivate(request)) {
      reply.header('cache-control', PRIVATE);
      reply.removeHeader('etag');
      return payload;
    }
    if (reply.getHeader('cache-control') === undefined) reply.header('cache-control', PUBLIC_REVALIDATE);
    let etag = reply.getHeader('etag');
    if (etag === undefined) {
      // A streamed body (a file being sent) has no bytes here to hash; its sender tags it.
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      etag = etagOf(payload);
      reply.header('etag', etag);
    }
    if (matchesIfNoneMatch(request.headers['if-none-match'], String(etag))) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
