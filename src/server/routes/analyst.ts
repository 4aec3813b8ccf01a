import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Override, RiskFactor } from '../../core/assess/analyst-inputs.ts';
import { authenticateFirst } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';
import { DateString, RulebookId } from './risk-schemas.ts';

/** Who is acting: an authenticated user or token holding the analyst role (resolved by the auth layer). */
export interface Actor {
  id: string;
  /** Root of the unit subtree the role is scoped to; absent = everywhere. */
  scope?: string;
}

/** How the app authenticates a request for a role; provided by the auth layer (tokens, sessions). */
export type Authenticate = (request: FastifyRequest, role: 'analyst') => Promise<Actor>;

export const RiskFactorInput = Type.Object(
  {
    unit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
    type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'e.g. uncontrolled_source, f1_in_community, vaccination_coverage_18plus_1dose' }),
    from: DateString,
    to: Type.Optional(Type.Union([DateString, Type.Null()])),
    value: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    note: Type.String({ minLength: 3, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const OverrideInput = Type.Object(
  {
    unit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
    rulebook: Type.Optional(RulebookId),
    state: Type.String({ minLength: 1, maxLength: 64 }),
    from: DateString,
    until: Type.Union([DateString, Type.Null()], { description: 'expiry: last date the override holds (null = until revoked)' }),
    justification: Type.String({ minLength: 10, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

const invalid = (field: string, message: string) => new HttpProblem(422, 'Dữ liệu không hợp lệ / Unprocessable input', `${field}: ${message}`, [{ field, message }]);

/**
 * The analyst's write operations as plain functions of an already-authenticated actor, so the
 * auth layer can wire them to whatever identifies the caller. Each write is audited by the store.
 */
export function analystHandlers(ctx: AppContext) {
  const checkUnit = (code: string, actor: Actor) => {
    const hierarchy = ctx.geography().hierarchy;
    if (!hierarchy.get(code)) throw invalid('unit', `no unit with code ${code}`);
    if (actor.scope !== undefined && !hierarchy.isWithin(code, actor.scope)) {
      throw new HttpProblem(403, 'Không có quyền / Forbidden', `${actor.id} may act on units within ${actor.scope} only`, [{ field: 'unit', message: `outside ${actor.scope}` }]);
    }
  };
  return {
    async addRiskFactor(actor: Actor, body: Static<typeof RiskFactorInput>): Promise<RiskFactor> {
      checkUnit(body.unit, actor);
      const to = body.to ?? null;
      if (to !== null && to < body.from) throw invalid('to', 'must not be before from');
      return ctx.risk.addRiskFactor({ unit: body.unit, type: body.type, from: body.from, to, value: body.value ?? null, note: body.note }, actor.id);
    },
    async addOverride(actor: Actor, body: Static<typeof OverrideInput>): Promise<Override> {
      checkUnit(body.unit, actor);
      const rulebook = body.rulebook ?? ctx.risk.defaultRulebook;
      const book = ctx.risk.rulebook(rulebook);
      if (!book) throw invalid('rulebook', `no rulebook ${rulebook}`);
      if (!book.states.some((s) => s.id === body.state)) throw invalid('state', `${rulebook} has no state ${body.state} (states: ${book.states.map((s) => s.id).join(', ')})`);
      if (body.until !== null && body.until < body.from) throw invalid('until', 'must not be before from');
      return ctx.risk.addOverride({ unit: body.unit, rulebook, state: body.state, from: body.from, until: body.until, justification: body.justification }, actor.id);
    },
    async revokeRiskFactor(actor: Actor, id: number): Promise<void> {
      const factor = ctx.risk.listRiskFactors().find((f) => f.id === id);
      if (factor) checkUnit(factor.unit, actor);
      if (!factor || !(await ctx.risk.revoke('risk_factors', id, actor.id))) throw new HttpProblem(404, 'Không tìm thấy / Not found', `no active risk factor ${id}`);
    },
    async revokeOverride(actor: Actor, id: number): Promise<void> {
      const override = ctx.risk.listOverrides().find((o) => o.id === id);
      if (override) checkUnit(override.unit, actor);
      if (!override || !(await ctx.risk.revoke('overrides', id, actor.id))) throw new HttpProblem(404, 'Không tìm thấy / Not found', `no active override ${id}`);
    },
  };
}

/** Registers the analyst endpoints behind `authenticate(request, 'analyst')`, checked before the body is read. */
export function analystRoutes(app: FastifyInstance, ctx: AppContext, authenticate: Authenticate): void {
  const handlers = analystHandlers(ctx);
  const auth = authenticateFirst((request) => authenticate(request, 'analyst'));
  const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
  const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };
  app.post<{ Body: Static<typeof RiskFactorInput> }>(
    '/api/v1/risk-factors',
    { onRequest: auth.onRequest, schema: { summary: 'Record a qualitative risk factor (analyst)', tags: ['analyst'], body: RiskFactorInput, response: { 201: Type.Any(), ...errors } } },
    async (request, reply) => reply.code(201).send(await handlers.addRiskFactor(auth.actorOf(request), request.body)),
  );
  app.post<{ Body: Static<typeof OverrideInput> }>(
    '/api/v1/overrides',
    { onRequest: auth.onRequest, schema: { summary: 'Override a level with a justification and an expiry (analyst)', tags: ['analyst'], body: OverrideInput, response: { 201: Type.Any(), ...errors } } },
    async (request, reply) => reply.code(201).send(await handlers.addOverride(auth.actorOf(request), request.body)),
  );
  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/risk-factors/:id',
    { onRequest: auth.onRequest, schema: { summary: 'Revoke a risk factor (analyst)', tags: ['analyst'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await handlers.revokeRiskFactor(auth.actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/overrides/:id',
    { onRequest: auth.onRequest, schema: { summary: 'Revoke an override (analyst)', tags: ['analyst'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await handlers.revokeOverride(auth.actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}

/** Public read of the active analyst inputs (they appear among reasons anyway). */
export function analystReadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/risk-factors', { schema: { summary: 'Active risk factors', tags: ['risk'], response: { 200: Type.Object({ riskFactors: Type.Array(Type.Any()) }) } } }, async () => ({ riskFactors: ctx.risk.listRiskFactors() }));
  app.get('/api/v1/overrides', { schema: { summary: 'Active overrides', tags: ['risk'], response: { 200: Type.Object({ overrides: Type.Array(Type.Any()) }) } } }, async () => ({ overrides: ctx.risk.listOverrides() }));
}
