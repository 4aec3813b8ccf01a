import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { AlertPageSchema, AlertParams, AlertSchema, AlertsQuery, problems, ProblemSchema } from '../../contract/index.ts';
import { ROLES } from '../../core/auth/roles.ts';
import { acknowledgeAlert, getAlert, listAlerts, markAlertRead, type MemberScopes, type StoredAlert, visibleTo } from '../../store/alerts-store.ts';
import { AlertStream } from '../alert-stream.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { openEventStream } from '../event-stream.ts';
import { lastEventIdOf } from './stream.ts';

/** Any member: what each sees is narrowed to their scopes (and, for appeal notices, their roles). */
const MEMBER: RouteAuth = { roles: ROLES };

/** Who reads: the key their read marks are kept under, the name an acknowledgement shows, and every role-scope they hold. */
export function readerOf(request: FastifyRequest): { member: string; name: string; scopes: MemberScopes; actor: string; channel: string } {
  const principal = principalOf(request);
  const session = request.session;
  if (session) return { member: `user:${session.name}`, name: session.name, scopes: session.roles, actor: principal.actor, channel: 'web' };
  return {
    member: `token:${principal.actor}`,
    name: principal.actor,
    scopes: [{ role: principal.role, scope: principal.scope }],
    actor: principal.actor,
    channel: 'api',
  };
}

/**
 * The committees' inbox (issue #18 item 3, docs/alerts.md): a member reads the alerts about units
 * within their scopes, marks them read (per member) and acknowledges them (once per alert, with
 * who and when); both are audited. An alert outside the member's scopes is 403, as if by URL.
 */
export function alertRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.store.db;
  const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
  /** The deployment's clock (the demo's simulated one while it replays), as alerts are raised by. */
  const now = () => ctx.now?.() ?? new Date();
  const unitName = (code: string) => ctx.geography().hierarchy.get(code)?.name ?? code;
  const shown = ({ audience: _audience, unit, ...alert }: StoredAlert) => ({ ...alert, unit: { code: unit, name: unitName(unit) } });

  /** The alert if the member may see it: 404 when there is none, 403 when it is outside their scopes. */
  const theirs = async (request: FastifyRequest, id: number) => {
    const reader = readerOf(request);
    const alert = await getAlert(db, id, reader.member);
    if (!alert) throw problems.notFound.alert(id);
    if (!visibleTo(reader.scopes, alert.unitPath, alert.audience)) throw problems.forbidden.alertOutsideScope(reader.actor, id);
    return { alert, reader };
  };

  app.get(
    '/api/v1/alerts',
    {
      config: { auth: MEMBER },
      schema: {
        summary: 'The member’s alerts, newest first: only units within their scope; filters unread, unacknowledged, unit, since; paged by id',
        tags: ['alerts'],
        querystring: AlertsQuery,
        response: { 200: AlertPageSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const reader = readerOf(request);
      const limit = q.limit ?? 50;
      const alerts = await listAlerts(db, {
        scopes: reader.scopes,
        member: reader.member,
        unread: q.unread,
        unacknowledged: q.unacknowledged,
        unit: q.unit,
        since: q.since === undefined ? undefined : new Date(q.since).toISOString(),
        before: q.after,
        limit,
      });
      reply.header('cache-control', 'private, no-store');
      return { alerts: alerts.map(shown), next: alerts.length === limit ? alerts[alerts.length - 1].id : null };
    },
  );

  app.post(
    '/api/v1/alerts/:id/read',
    {
      config: { auth: MEMBER },
      schema: { summary: 'Mark an alert read by this member (audited)', tags: ['alerts'], params: AlertParams, response: { 200: AlertSchema, ...refusals } },
    },
    async (request) => {
      const { alert, reader } = await theirs(request, request.params.id);
      await markAlertRead(db, alert.id, reader.member, reader.actor, reader.channel, now());
      return shown((await getAlert(db, alert.id, reader.member))!);
    },
  );

  app.post(
    '/api/v1/alerts/:id/ack',
    {
      config: { auth: MEMBER },
      schema: {
        summary: 'Acknowledge an alert: once per alert, recording who and when (audited); it is read too',
        tags: ['alerts'],
        params: AlertParams,
        response: { 200: AlertSchema, ...refusals },
      },
    },
    async (request) => {
      const { alert, reader } = await theirs(request, request.params.id);
      await acknowledgeAlert(db, alert.id, reader.name, reader.channel, now());
      await markAlertRead(db, alert.id, reader.member, reader.actor, reader.channel, now());
      return shown((await getAlert(db, alert.id, reader.member))!);
    },
  );

  const live = new AlertStream(ctx.feed, ctx.store);
  app.addHook('onClose', async () => live.close());
  app.get(
    '/api/v1/alerts/stream',
    {
      config: { auth: MEMBER },
      schema: {
        summary:
          'The member’s alerts as Server-Sent Events (`alert`), only units within their scope; ids are change-feed positions (resume with Last-Event-ID)',
        tags: ['alerts'],
      },
    },
    async (request, reply) => {
      const { scopes } = readerOf(request);
      await openEventStream(request, reply, 'private, no-cache, no-transform', (res) =>
        live.add(res, scopes, lastEventIdOf(request.headers['last-event-id'], request.query)),
      );
    },
  );
}
