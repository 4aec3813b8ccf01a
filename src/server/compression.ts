import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Below this an answer goes out as it is: compressing it saves less than its headers weigh. */
const THRESHOLD = 1024;
/** Compressed answers kept by ETag: the map's levels and layers are asked for again and again between recomputes. */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Brotli's quality 11 costs ~50× quality 5 for a few percent; an answer compressed once per ETag can afford 9. */
const CACHED_BROTLI_QUALITY = 9;

type Encoding = 'br' | 'gzip';

/** What compresses: text, JSON, GeoJSON, CSV, JavaScript — not the live stream, nor a workbook (already a zip). */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript))/;

/** The encoding a client accepts that we prefer (brotli, else gzip), or null; `q=0` refuses one. */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const allows = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return null;
}

function compressed(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: CACHED_BROTLI_QUALITY } }) : gzipSync(body, { level: 9 });
}

/**
 * Compression (brotli or gzip, as the client accepts) for every answer worth it: the API's JSON,
 * GeoJSON and CSV, and the web app's files (the build writes their .br/.gz beside them, so they
 * are read, not compressed, per request: scripts/precompress-web.js). An answer with an ETag
 * (every public GET: http-caching.ts) is compressed once and kept, so a map polled by a city
 * costs a lookup, not a brotli run, per request; the rest is compressed as it goes by
 * @fastify/compress. The live stream hijacks its reply and never passes here, so its events are
 * not held back in a compressor's buffer. Register before the routes (the plugin hooks each
 * route as it is added) and after installHttpCaching (which sets the ETag this reads).
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Buffer>();
  let cachedBytes = 0;
  // Clients send a handful of distinct Accept-Encoding headers: each is read once.
  const negotiated = new Map<string, Encoding | null>();
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const etag = reply.getHeader('etag');
    if (etag === undefined || reply.statusCode !== 200 || reply.getHeader('content-encoding') !== undefined) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? 'application/json'))) return payload;
    const header = request.headers['accept-encoding'] ?? '';
    let encoding = negotiated.get(header);
    if (encoding === undefined) {
      encoding = preferredEncoding(header);
      if (negotiated.size < 256) negotiated.set(header, encoding);
    }
    // The hot path, a map polled between recomputes: the answer compressed before, sent as it is.
    const key = `${encoding} ${String(etag)}`;
    let out = cache.get(key);
    if (!out) {
      if ((typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) < THRESHOLD) return payload;
      reply.header('vary', 'accept-encoding');
      if (encoding === null) return payload;
      out = compressed(Buffer.isBuffer(payload) ? payload : Buffer.from(payload), encoding);
      if (cachedBytes + out.length > CACHE_BYTES) {
        cache.clear();
        cachedBytes = 0;
      }
      cache.set(key, out);
      cachedBytes += out.length;
    }
    reply.header('vary', 'accept-encoding').header('content-encoding', encoding).header('content-length', out.length);
    return out;
  });
  await app.register(compress, {
    global: true,
    threshold: THRESHOLD,
    encodings: ['br', 'gzip'],
    // Compressed request bodies are not inflated: an upload's size limit must bound what is read
    // (a few kilobytes of gzip can inflate to gigabytes), and no client of this API sends one.
    globalDecompression: false,
  });
}
