import type { FastifyInstance } from 'fastify';

import type { AppContext } from '../context.ts';
import { LiveStream } from '../live-stream.ts';

const HEARTBEAT_MS = 15_000;

/** The `Last-Event-ID` a reconnecting client sends (or `?lastEventId=`, for clients that cannot set headers): a feed position. */
export function lastEventIdOf(header: string | string[] | undefined, query: unknown): number | null {
  const raw = typeof header === 'string' ? header : ((query as { lastEventId?: unknown } | null)?.lastEventId as string | undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * Server-Sent Events: the live map subscribes here and repaints what changed. Events are the
 * change feed's `levels`, `standings` and `day` entries, with the feed position as their id, the
 * same on every instance: each change reaches a client once, and a client resumes anywhere with
 * `Last-Event-ID`.
 */
export function streamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const live = new LiveStream(ctx.feed, ctx.store);
  // Streams never end on their own: close them when the server closes, or shutdown would hang.
  app.addHook('onClose', async () => live.close());
  app.get(
    '/api/v1/stream',
    {
      schema: {
        summary:
          'Live changes as Server-Sent Events: `levels` (changed units), `standings`, `day`, `bulletin` (the days whose bulletin changed); ids are change-feed positions (resume with Last-Event-ID)',
        tags: ['live'],
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), HEARTBEAT_MS);
      let remove: (() => void) | null = null;
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
        clearInterval(heartbeat);
        remove?.();
      });
      remove = await live.add(res, lastEventIdOf(request.headers['last-event-id'], request.query));
      if (closed) remove();
    },
  );
}
