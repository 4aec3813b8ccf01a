import type { FastifyRequest } from 'fastify';

/**
 * The origin a request reached this server at (`https://host:port`), for links that must be
 * absolute (citations, an embed's link out of the embedding site): the request's own, when its
 * Host header is a plain host name; empty otherwise, so a forged Host writes no link elsewhere.
 */
export function originOf(request: FastifyRequest): string {
  const host = request.host;
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host) ? `${request.protocol}://${host}` : '';
}

/**
 * The origin printed on images and bulletins as their short URL and QR code (docs/verify.md):
 * VX_PUBLIC_URL when the deployment names its public address (instances behind a load balancer
 * then print the same one), else the request's own origin.
 */
export function publicOriginOf(request: FastifyRequest, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.VX_PUBLIC_URL?.replace(/\/+$/, '');
  return configured && /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(configured) ? configured : originOf(request);
}
