import type { Geography } from '../../app/geography.ts';
import { Intake, type Sender } from '../../app/intake/intake.ts';
import { problems } from '../../contract/index.ts';
import { INTAKE_ROLES, type Principal } from '../../core/auth/roles.ts';
import { decodeUtf8, EncodingError } from '../../files/decode-utf8.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../files/json-limits.ts';
import type { RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { invalidJsonProblem } from '../problem.ts';

/** What the ingest, upload and reject routes share: their callers, the intake, body decoding. */

/** Who may send, upload and fix rows: a data officer (or an admin). Scope is checked per row. */
export const OFFICER: RouteAuth = { roles: INTAKE_ROLES };

const intakes = new WeakMap<Geography, Intake>();
/** One Intake per loaded geography: a geography reload gets a fresh resolver and ancestor chains. */
export function intakeFor(ctx: AppContext): Intake {
  const geo = ctx.geography();
  let intake = intakes.get(geo);
  // The server's clock, which is the demo's simulated one while it replays: a row dated after the
  // simulated day is in the future for the map everybody is looking at.
  if (!intake) intakes.set(geo, (intake = new Intake(ctx.store, geo.hierarchy, ctx.now)));
  return intake;
}

export const sender = (p: Principal): Sender => ({ actor: p.actor, scope: p.scope });

/** A request body as strict UTF-8: bad bytes are a 400 naming the line, never replacement characters. */
export function decodeBody(body: Buffer): string {
  try {
    return decodeUtf8(body, 'request body');
  } catch (error) {
    if (error instanceof EncodingError) throw problems.invalidRequest.notUtf8(error.line, error.message);
    throw error;
  }
}

export function parseJson(text: string): unknown {
  // Rows are checked one by one later; only nesting must be refused before anything walks them.
  if (nestsDeeperThan(text)) throw problems.invalidRequest.tooDeep(MAX_JSON_DEPTH);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidJsonProblem(text, error);
  }
}
