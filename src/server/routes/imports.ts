import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INTAKE_ROLES, type Principal } from '../../core/auth/roles.ts';
import { INTAKE_KINDS, type IntakeKind } from '../../core/cases/records.ts';
import type { FieldError } from '../../core/cases/records.ts';
import { rejectReportHeader, rejectReportLine } from '../../render/reject-report.ts';
import { getImportJob, startImportJob } from '../../app/intake/import-job.ts';
import { rejectsOfImport } from '../../store/reject-store.ts';
import { bearerToken, requireRole, type FirstAuthentication } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { intakeFor, sender } from './intake-shared.ts';
import { ProblemSchema } from './shared-schemas.ts';

/** Largest upload accepted (CSV or XLSX). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const ImportJobSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  status: Type.String({ description: 'queued, running, done, failed, or interrupted (its server stopped; upload again)' }),
  total: Type.Union([Type.Integer(), Type.Null()]),
  processed: Type.Integer(),
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  report: Type.String({ description: 'URL of the CSV report of rejected rows' }),
});
/**
 * Uploads (CSV or XLSX) as import jobs: progress, and a CSV report of the rejected rows. A browser
 * form without an Authorization header may send the token as a `token` field. `officer` is the
 * intake plugin's one token check (intake.ts), shared by its routes.
 */
export function importRoutes(scope: FastifyInstance, ctx: AppContext, officer: FirstAuthentication<Principal>): void {
  // An upload is checked before its file is read: with an Authorization header, before the body;
  // from a browser form, when its `token` field arrives, which the form sends ahead of the file.
  const byHeader = new WeakMap<FastifyRequest, Principal>();
  scope.post(
    '/api/v1/imports',
    {
      onRequest: async (request) => {
        if (bearerToken(request) !== null) byHeader.set(request, await requireRole(ctx, request, INTAKE_ROLES));
      },
      schema: {
        summary: 'Tải lên tệp CSV/XLSX / upload a CSV or XLSX file as an import job',
        description:
          'multipart/form-data with fields `kind` (cases, tests or counts), `file`, and — for a browser form without an Authorization header — `token`. Vietnamese headers are accepted (docs/intake-headers.md). Answers 202 with the job; poll GET /api/v1/imports/{id}.',
        tags: ['intake'],
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        response: { 202: ImportJobSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Định dạng không hỗ trợ / Unsupported media type', 'Gửi multipart/form-data với trường file / send multipart/form-data with a file field');
      }
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; fileName: string } | null = null;
      let principal = byHeader.get(request) ?? null;
      const authenticate = async () => (principal ??= await requireRole(ctx, request, INTAKE_ROLES, bearerOrField(request, fields.token)));
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (principal === null && !fields.token) {
            throw new HttpProblem(
              401,
              'Chưa xác thực / Unauthorized',
              'Cần mã truy cập trước tệp: tiêu đề Authorization hoặc trường token đặt trước trường file / a token is needed before the file: an Authorization header, or a token field placed before the file field',
            );
          }
          await authenticate();
          const bytes = await part.toBuffer().catch((error: { statusCode?: number; message: string }) => {
            if (error.statusCode === 413) throw new HttpProblem(413, 'Dữ liệu quá lớn / Payload too large', `Tệp vượt quá ${MAX_UPLOAD_BYTES / 1048576} MB / the file exceeds ${MAX_UPLOAD_BYTES / 1048576} MB`);
            throw error;
          });
          file = { bytes, fileName: part.filename || 'upload' };
        } else fields[part.fieldname] = String(part.value);
      }
      const who = await authenticate();
      const kind = fields.kind as IntakeKind;
      if (!INTAKE_KINDS.includes(kind)) {
        throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `Trường kind phải là cases, tests hoặc counts / field kind must be cases, tests or counts`, [{ field: 'kind', message: 'must be cases, tests or counts' }]);
      }
      if (!file || file.bytes.length === 0) {
        throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'Thiếu tệp / the file is missing', [{ field: 'file', message: 'is missing' }]);
      }
      const { id } = await startImportJob(ctx.store, intakeFor(ctx), { ...file, kind }, sender(who));
      const job = await getImportJob(ctx.store, id);
      return reply.code(202).header('location', `/api/v1/imports/${id}`).send({ ...job!, report: `/api/v1/imports/${id}/rejects.csv` });
    },
  );

  scope.get<{ Params: { id: string } }>(
    '/api/v1/imports/:id',
    { onRequest: officer.onRequest, schema: { summary: 'Tiến độ nhập / import job progress', tags: ['intake'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 200: ImportJobSchema, 401: ProblemSchema, 404: ProblemSchema } } },
    async (request) => {
      const principal = officer.actorOf(request);
      const job = await visibleJob(ctx, principal, request.params.id);
      return { ...job, report: `/api/v1/imports/${job.id}/rejects.csv` };
    },
  );

  scope.get<{ Params: { id: string } }>(
    '/api/v1/imports/:id/rejects.csv',
    { onRequest: officer.onRequest, schema: { summary: 'Báo cáo dòng bị từ chối / report of rejected rows (CSV: reasons, then the row; fix it and upload it again as it is)', tags: ['intake'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const principal = officer.actorOf(request);
      const job = await visibleJob(ctx, principal, request.params.id);
      const rows = await rejectsOfImport(ctx.store.db, job.id);
      const kind = job.kind as IntakeKind;
      const lines = [rejectReportHeader(kind)];
      for (const r of rows) lines.push(rejectReportLine(kind, Number(r.position), JSON.parse(r.errors) as FieldError[], JSON.parse(r.raw) as Record<string, unknown>));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejects-${job.id}.csv"`)
        .send('\ufeff' + lines.join('\r\n') + '\r\n');
    },
  );
}

function bearerOrField(request: FastifyRequest, field: string | undefined): string | null {
  return bearerToken(request) ?? (field && field.trim() !== '' ? field.trim() : null);
}

async function visibleJob(ctx: AppContext, principal: Principal, id: string) {
  const job = await getImportJob(ctx.store, id);
  const geo = ctx.geography();
  const visible = job && (job.scope === null ? geo.hierarchy.get(principal.scope)?.parentCode === null : geo.hierarchy.isWithin(job.scope, principal.scope));
  if (!job || !visible) throw new HttpProblem(404, 'Không tìm thấy / Not found', `Không có lượt nhập ${id} / no import ${id}`);
  const { actor: _actor, scope: _scope, ...dto } = job;
  return dto;
}
