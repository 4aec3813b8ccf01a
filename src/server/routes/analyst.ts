import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import {
  AnalystInputParams,
  AnalystInputSchema,
  NoContent,
  OverrideInput,
  OverridesSchema,
  problems,
  ProblemSchema,
  type PublicAuthor,
  RiskFactorInput,
  RiskFactorsSchema,
} from '../../contract/index.ts';
import type { Override, RiskFactor } from '../../core/assess/analyst-inputs.ts';
import type { Principal } from '../../core/auth/roles.ts';
import { tokenIdOfActor, tokenRoles } from '../../store/accounts-store.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';

/** Who is acting: an authenticated user or token holding the analyst role (resolved by the auth layer). */
export interface Actor {
  id: string;
  /** Root of the unit subtree the role is scoped to; absent = everywhere. */
  scope?: string;
}

/** The analyst endpoints' callers: a token with the analyst (or admin) role. Its scope goes with the actor. */
const ANALYST: RouteAuth = { roles: ['analyst', 'admin'] };

/** The handlers' actor for an authenticated caller: a district analyst cannot override another district. */
const actorOf = (principal: Principal): Actor => ({ id: principal.actor, scope: principal.scope });

const invalid = problems.unprocessable.field;

/**
 * The analyst's write operations as plain functions of an already-authenticated actor, so the
 * auth layer can wire them to whatever identifies the caller. Each write is audited by the store.
 */
export function analystHandlers(ctx: AppContext) {
  const checkUnit = (code: string, actor: Actor) => {
    const hierarchy = ctx.geography().hierarchy;
    if (!hierarchy.get(code)) throw invalid('unit', `no unit with code ${code}`);
    if (actor.scope !== undefined && !hierarchy.isWithin(code, actor.scope)) {
      throw problems.forbidden.outsideScope(actor.id, actor.scope);
    }
  };
  return {
    async addRiskFactor(actor: Actor, body: RiskFactorInput): Promise<RiskFactor> {
      checkUnit(body.unit, actor);
      const to = body.to ?? null;
      if (to !== null && to < body.from) throw invalid('to', 'must not be before from');
      return ctx.risk.addRiskFactor({ unit: body.unit, type: body.type, from: body.from, to, value: body.value ?? null, note: body.note }, actor.id);
    },
    async addOverride(actor: Actor, body: OverrideInput): Promise<Override> {
      checkUnit(body.unit, actor);
      const rulebook = body.rulebook ?? ctx.risk.defaultRulebook;
      const book = ctx.risk.rulebook(rulebook);
      if (!book) throw invalid('rulebook', `no rulebook ${rulebook}`);
      if (!book.states.some((s) => s.id === body.state))
        throw invalid('state', `${rulebook} has no state ${body.state} (states: ${book.states.map((s) => s.id).join(', ')})`);
      if (body.until !== null && body.until < body.from) throw invalid('until', 'must not be before from');
      return ctx.risk.addOverride(
        { unit: body.unit, rulebook, state: body.state, from: body.from, until: body.until, justification: body.justification },
        actor.id,
      );
    },
    async revokeRiskFactor(actor: Actor, id: number): Promise<void> {
      const factor = ctx.risk.listRiskFactors().find((f) => f.id === id);
      if (factor) checkUnit(factor.unit, actor);
      if (!factor || !(await ctx.risk.revoke('risk_factors', id, actor.id))) throw problems.notFound.riskFactor(id);
    },
    async revokeOverride(actor: Actor, id: number): Promise<void> {
      const override = ctx.risk.listOverrides().find((o) => o.id === id);
      if (override) checkUnit(override.unit, actor);
      if (!override || !(await ctx.risk.revoke('overrides', id, actor.id))) throw problems.notFound.override(id);
    },
  };
}

/** Registers the analyst endpoints, each authenticated (analyst or admin) before the body is read. */
export function analystRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const handlers = analystHandlers(ctx);
  const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };
  app.post(
    '/api/v1/risk-factors',
    {
      config: { auth: ANALYST },
      schema: {
        summary: 'Record a qualitative risk factor (analyst)',
        tags: ['analyst'],
        body: RiskFactorInput,
        response: { 201: AnalystInputSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await handlers.addRiskFactor(actorOf(principalOf(request)), request.body)),
  );
  app.post(
    '/api/v1/overrides',
    {
      config: { auth: ANALYST },
      schema: {
        summary: 'Override a level with a justification and an expiry (analyst)',
        tags: ['analyst'],
        body: OverrideInput,
        response: { 201: AnalystInputSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await handlers.addOverride(actorOf(principalOf(request)), request.body)),
  );
  app.delete(
    '/api/v1/risk-factors/:id',
    {
      config: { auth: ANALYST },
      schema: { summary: 'Revoke a risk factor (analyst)', tags: ['analyst'], params: AnalystInputParams, response: { 204: NoContent, ...errors } },
    },
    async (request, reply) => {
      await handlers.revokeRiskFactor(actorOf(principalOf(request)), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/v1/overrides/:id',
    {
      config: { auth: ANALYST },
      schema: { summary: 'Revoke an override (analyst)', tags: ['analyst'], params: AnalystInputParams, response: { 204: NoContent, ...errors } },
    },
    async (request, reply) => {
      await handlers.revokeOverride(actorOf(principalOf(request)), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

/**
 * Public read of the active analyst inputs, each author shown as the role and unit of the token
 * that recorded it: a token's id and label (a person's name, often) are for the audit log only.
 */
export function analystReadRoutes(app: FastifyInstance, ctx: AppContext): void {
  // A token's role and scope never change (a revoked one keeps them), so each is read once.
  const known = new Map<string, PublicAuthor>();
  const withPublicAuthors = async <T extends { author: string }>(inputs: readonly T[]): Promise<Array<Omit<T, 'author'> & { author: PublicAuthor }>> => {
    const missing = [...new Set(inputs.map((i) => tokenIdOfActor(i.author)).filter((id): id is string => id !== null && !known.has(id)))];
    for (const [id, holder] of await tokenRoles(ctx.store.db, missing)) known.set(id, { role: holder.role, unit: holder.scope });
    return inputs.map(({ author, ...input }) => {
      const id = tokenIdOfActor(author);
      return { ...input, author: (id !== null && known.get(id)) || { role: null, unit: null } };
    });
  };
  app.get('/api/v1/risk-factors', { schema: { summary: 'Active risk factors', tags: ['risk'], response: { 200: RiskFactorsSchema } } }, async () => ({
    riskFactors: await withPublicAuthors(ctx.risk.listRiskFactors()),
  }));
  app.get('/api/v1/overrides', { schema: { summary: 'Active overrides', tags: ['risk'], response: { 200: OverridesSchema } } }, async () => ({
    overrides: await withPublicAuthors(ctx.risk.listOverrides()),
  }));
}
