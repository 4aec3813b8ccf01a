import type { FastifyInstance } from 'fastify';

import { type BusMessage, CHANNELS } from '../../bus/bus.ts';
import type { AppContext } from '../context.ts';

/** Bus channels forwarded to browsers, under the SSE event name the web app listens for. */
const FORWARDED: Array<[channel: string, event: string]> = [
  [CHANNELS.levels, 'levels'],
  [CHANNELS.standings, 'standings'],
];

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: the live map subscribes here and repaints what changed. Each instance
 * forwards what its bus carries, so with a Redis bus every instance sees every change.
 */
export function streamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = new Set<() => void>();
  // Streams never end on their own: close them when the server closes, or shutdown would hang.
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get(
    '/api/v1/stream',
    { schema: { summary: 'Live changes as Server-Sent Events: `levels` (changed units), `standings`', tags: ['live'] } },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let id = 0;
      const send = (event: string, data: unknown) => res.write(`id: ${++id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      // Browsers reconnect by themselves; tell them to retry quickly after a server restart.
      res.write(`retry: 2000\n: connected\n\n`);
      send('hello', { at: new Date().toISOString() });
      const unsubscribers = await Promise.all(
        FORWARDED.map(([channel, event]) => ctx.bus.subscribe(channel, (message: BusMessage) => void send(event, message))),
      );
      const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribers) unsubscribe();
        open.delete(end);
      };
      const end = () => {
        close();
        res.end();
      };
      open.add(end);
      request.raw.on('close', close);
    },
  );
}
