import type { FastifyRequest } from 'fastify';

import { type Audience, PUBLIC } from '../core/publish/small-numbers.ts';

/**
 * Who a request's figures are for. Every response is public today: the same for everyone, so
 * cacheable, with the figures of units below the ward in bands (docs/small-numbers.md). This is
 * the seam committee sign-in (issue #18) fills: a member with the unit in scope gets
 * `{ exact: true }`, and the route must then answer `Cache-Control: private, no-store`.
 */
export function audienceOf(_request: FastifyRequest): Audience {
  return PUBLIC;
}
