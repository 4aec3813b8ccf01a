import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { newWebhookSecret } from '../../app/webhook-signature.ts';
import { DeliveriesSchema, NewWebhookSchema, problems, ProblemSchema, WebhookInputSchema, WebhookParams, WebhooksSchema } from '../../contract/index.ts';
import { addWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, type Webhook } from '../../store/webhook-store.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';

const ADMIN: RouteAuth = { roles: ['admin'] };

/**
 * Outgoing webhooks (issue #18 item 3, docs/alerts.md): an admin points alerts about units within
 * their scope at a URL (a city's messaging bridge); deliveries are signed with a secret shown
 * once, retried with backoff, and logged. An admin manages only webhooks inside their own scope.
 */
export function webhookRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.store.db;
  const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
  const within = (scope: string, adminScope: string) => ctx.geography().hierarchy.isWithin(scope, adminScope);
  const ruleIds = () => new Set([...(ctx.alertRules?.rules.map((r) => r.id) ?? []), 'appeal', 'reward']);

  const theirs = async (request: FastifyRequest, id: number): Promise<Webhook> => {
    const admin = principalOf(request);
    const hook = await getWebhook(db, id);
    if (!hook) throw problems.notFound.webhook(id);
    if (!within(hook.scope, admin.scope)) throw problems.forbidden.webhookOutsideScope(admin.actor, admin.scope, 'params.id');
    return hook;
  };

  app.get(
    '/api/v1/webhooks',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'Webhooks within the admin’s scope (admin); secrets are never shown again',
        tags: ['alerts'],
        response: { 200: WebhooksSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const admin = principalOf(request);
      reply.header('cache-control', 'private, no-store');
      return { webhooks: (await listWebhooks(db)).filter((w) => within(w.scope, admin.scope)) };
    },
  );

  app.post(
    '/api/v1/webhooks',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'Add a webhook: alerts about units within `scope` (optionally only some rules) are POSTed to `url`, signed; the secret is in this answer only',
        tags: ['alerts'],
        body: WebhookInputSchema,
        response: { 201: NewWebhookSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const admin = principalOf(request);
      const body = request.body;
      const url = outgoingUrl(body.url);
      if (!ctx.geography().hierarchy.get(body.scope)) throw problems.invalidRequest.field('scope', `không có đơn vị ${body.scope} / no unit ${body.scope}`);
      if (!within(body.scope, admin.scope)) throw problems.forbidden.webhookOutsideScope(admin.actor, admin.scope, 'scope');
      const known = ruleIds();
      const unknown = (body.rules ?? []).filter((r) => !known.has(r));
      if (unknown.length > 0)
        throw problems.invalidRequest.field('rules', `không có quy tắc ${unknown.join(', ')} / no rule ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
      const secret = newWebhookSecret();
      const hook = await addWebhook(db, { url, scope: body.scope, rules: body.rules ?? null, secret }, admin.actor, request.session ? 'web' : 'api');
      reply.code(201).header('cache-control', 'private, no-store');
      return { ...hook, secret };
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'Delete a webhook: no further deliveries; its log stays (admin)',
        tags: ['alerts'],
        params: WebhookParams,
        response: { 204: { type: 'null' }, ...refusals },
      },
    },
    async (request, reply) => {
      const admin = principalOf(request);
      const hook = await theirs(request, request.params.id);
      await deleteWebhook(db, hook.id, admin.actor, request.session ? 'web' : 'api');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { auth: ADMIN },
      schema: {
        summary: 'A webhook’s delivery log, newest first: each delivery with every attempt (status, duration, error)',
        tags: ['alerts'],
        params: WebhookParams,
        response: { 200: DeliveriesSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const hook = await theirs(request, request.params.id);
      reply.header('cache-control', 'private, no-store');
      return { deliveries: await listDeliveries(db, hook.id) };
    },
  );
}

/** An outgoing URL: http or https, with a host and no credentials in it (they would sit in the log). */
function outgoingUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw problems.invalidRequest.field('url', 'không phải URL / not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw problems.invalidRequest.field('url', 'chỉ http hoặc https / http or https only');
  if (url.username || url.password) throw problems.invalidRequest.field('url', 'không ghi tên, mật khẩu trong URL / no user or password in the URL');
  if (url.hash) throw problems.invalidRequest.field('url', 'không có #fragment / no #fragment');
  return url.toString();
}
