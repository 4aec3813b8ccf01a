/**
 * Whom Fastify takes for the client (request.ip, request.protocol): the socket's peer unless the
 * server is told which proxies to believe. Behind a load balancer every request comes from it, so
 * the failure limits (auth.ts) would count the whole city as one address; believing
 * X-Forwarded-For from anyone, though, would let an attacker name a fresh address each time.
 *
 * VX_TRUST_PROXY: a number of proxy hops (e.g. 1), or addresses/CIDR ranges of the proxies
 * (comma-separated, e.g. 10.0.0.0/8); unset, X-Forwarded-* is ignored.
 */
export type TrustProxy = false | string | ((address: string, hop: number) => boolean);

export function trustProxyFrom(setting: string | undefined): TrustProxy {
  const value = setting?.trim() ?? '';
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(value)) {
    // Fastify reads a hop count as "trust the nth hop"; said as a function its typings accept.
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value;
}
