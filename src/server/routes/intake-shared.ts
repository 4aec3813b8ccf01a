import { Type } from '@sinclair/typebox';
import type { Principal } from '../../core/auth/roles.ts';
import { decodeUtf8, EncodingError } from '../../files/decode-utf8.ts';
import { Intake, type Sender } from '../../app/intake/intake.ts';
import type { AppContext } from '../context.ts';
import type { Geography } from '../../app/geography.ts';
import { HttpProblem, invalidJsonProblem } from '../problem.ts';

/** What the ingest, upload and reject routes share: answer schemas, the intake, body decoding. */

export const ErrorItem = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
  candidates: Type.Optional(Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parent: Type.Union([Type.String(), Type.Null()]) }))),
});
export const IngestAnswer = Type.Object({
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), id: Type.Union([Type.String(), Type.Null()]), errors: Type.Array(ErrorItem) })),
});
const intakes = new WeakMap<Geography, Intake>();
/** One Intake per loaded geography: a geography reload gets a fresh resolver and ancestor chains. */
export function intakeFor(ctx: AppContext): Intake {
  const geo = ctx.geography();
  let intake = intakes.get(geo);
  // The server's clock, which is the demo's simulated one while it replays: a row dated after the
  // simulated day is in the future for the map everybody is looking at.
  if (!intake) intakes.set(geo, (intake = new Intake(ctx.store, ctx.bus, geo.hierarchy, ctx.now)));
  return intake;
}

export const sender = (p: Principal): Sender => ({ actor: p.actor, scope: p.scope });

/** A request body as strict UTF-8: bad bytes are a 400 naming the line, never replacement characters. */
export function decodeBody(body: Buffer): string {
  try {
    return decodeUtf8(body, 'request body');
  } catch (error) {
    if (error instanceof EncodingError) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `Dòng ${error.line} không phải UTF-8 / ${error.message}`);
    throw error;
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidJsonProblem(text, error);
  }
}
