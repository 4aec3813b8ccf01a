import type { FastifyInstance } from 'fastify';

import type { AppContext } from '../context.ts';
import { openEventStream } from '../event-stream.ts';
import { LiveStream } from '../live-stream.ts';

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
    async (request, reply) =>
      openEventStream(request, reply, 'no-cache, no-transform', (res) => live.add(res, lastEventIdOf(request.headers['last-event-id'], request.query))),
  );
}
