import type { FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

/**
 * Answers a request with a Server-Sent Events stream, the same way for the public stream and the
 * signed-in alert stream: the headers (no proxy buffering), a heartbeat so idle connections are
 * not cut, and `attach` to join the stream's clients — left again when the client goes, even if it
 * went while `attach` was still catching it up.
 */
export async function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  cacheControl: string,
  attach: (res: FastifyReply['raw']) => Promise<() => void>,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': cacheControl,
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
  remove = await attach(res);
  if (closed) remove();
}
