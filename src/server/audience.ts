import type { FastifyRequest } from 'fastify';

import { type Audience, PUBLIC } from '../core/publish/small-numbers.ts';

const MEMBER: Audience = { exact: true };

/**
 * Who a request's figures are for (docs/small-numbers.md, docs/accounts.md). The public gets the
 * same answer as everyone, cacheable, with the figures of units below the ward in bands. A member
 * (signed in, or reading with a token) whose scope holds `unit` gets exact figures; the response
 * is then marked private and uncached (session-auth.ts). Without a unit (a list over the whole
 * city) only a member whose scope is the city reads exact figures.
 */
export function audienceOf(request: FastifyRequest, unit?: string): Audience {
  if (!request.member?.covers(unit)) return PUBLIC;
  request.memberOnlyFigures = true;
  return MEMBER;
}
