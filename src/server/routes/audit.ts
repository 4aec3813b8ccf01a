import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { AuditPageSchema, AuditQuery, problems, ProblemSchema } from '../../contract/index.ts';
import { addDays, localDate } from '../../core/time/local-date.ts';
import { csvCell } from '../../files/csv-cell.ts';
import { type AuditRow, readAudit } from '../../store/audit-read.ts';
import type { RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';

/**
 * The audit log for admins (issue #18 item 4, docs/accounts.md). Whole-city admins only: an entry's
 * detail has no common shape naming its unit, so an admin of one district could not be shown
 * exactly their part of it. There is deliberately no route that edits or deletes an entry.
 */
const CITY_ADMIN: RouteAuth = { roles: ['admin'], scope: 'city' };

/** The UTC instant a local day (Asia/Ho_Chi_Minh, UTC+7 all year) starts at. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+07:00`).toISOString();

const CSV_HEADER = ['Số / id', 'Thời điểm / at', 'Người ghi / actor', 'Kênh / channel', 'Hành động / action', 'Chi tiết / detail'];

function auditCsv(rows: AuditRow[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [r.id, r.at, r.actor, r.channel, r.action, r.detail])];
  // A BOM so Excel reads the Vietnamese as UTF-8.
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function auditRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/audit',
    {
      config: { auth: CITY_ADMIN },
      schema: {
        summary: 'The audit log, newest first, filtered and paged by id; format=csv exports it (whole-city admin)',
        tags: ['accounts'],
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.from && q.to && q.from > q.to)
        throw problems.invalidRequest.field('to', `ngày cuối ${q.to} trước ngày đầu ${q.from} / to ${q.to} is before from ${q.from}`);
      const limit = q.limit ?? 100;
      const rows = await readAudit(ctx.store.db, {
        actor: q.actor,
        action: q.action,
        unit: q.unit,
        fromAt: q.from ? dayStart(q.from) : undefined,
        untilAt: q.to ? dayStart(addDays(q.to, 1)) : undefined,
        before: q.after,
        limit,
      });
      reply.header('cache-control', 'private, no-store');
      if (q.format === 'csv') {
        const name = `nhat-ky-kiem-tra-${localDate(new Date())}.csv`;
        // The CSV is outside the JSON response schema; an untyped reply sends it as is.
        return (reply as FastifyReply).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(auditCsv(rows));
      }
      return {
        entries: rows.map((r) => ({ ...r, detail: parsed(r.detail) })),
        next: rows.length === limit ? rows[rows.length - 1].id : null,
      };
    },
  );
}

/** Detail is JSON text written by audit.ts; an old entry that is not JSON is shown as the text it is. */
function parsed(detail: string): unknown {
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}
