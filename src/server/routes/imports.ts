import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { getImportJob, startImportJob } from '../../app/intake/import-job.ts';
import { type UploadPlace, UploadQueue, uploadQueueSize } from '../../app/intake/upload-queue.ts';
import { ImportJobSchema, ImportParams, problems, ProblemSchema } from '../../contract/index.ts';
import type { Principal } from '../../core/auth/roles.ts';
import type { FieldError } from '../../core/cases/records.ts';
import { INTAKE_KINDS, type IntakeKind } from '../../core/cases/records.ts';
import { rejectReportHeader, rejectReportLine } from '../../render/reject-report.ts';
import { rejectsOfImport } from '../../store/reject-store.ts';
import { authenticateField, principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { intakeFor, OFFICER, sender } from './intake-shared.ts';

/** How long a sender is told to wait when every upload place is taken: about one large upload's reading. */
const UPLOADS_RETRY_SECONDS = 30;

/** Largest upload accepted (CSV or XLSX). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Uploads (CSV or XLSX) as import jobs: progress, and a CSV report of the rejected rows. A browser
 * form without an Authorization header may send the token as a `token` field.
 */
export function importRoutes(server: FastifyInstance, ctx: AppContext): void {
  const scope = server.withTypeProvider<TypeBoxTypeProvider>();
  // Uploads this server reads at once and lets wait (VX_UPLOADS_RUNNING, VX_UPLOADS_WAITING; docs/intake.md).
  const queue = new UploadQueue(uploadQueueSize());
  // An upload is checked before its file is read: with an Authorization header, before the body
  // (by the hook); from a browser form, when its `token` field arrives, which the form sends ahead
  // of the file.
  scope.post(
    '/api/v1/imports',
    {
      config: { auth: { ...OFFICER, formField: 'token' } },
      schema: {
        summary: 'Tải lên tệp CSV/XLSX / upload a CSV or XLSX file as an import job',
        description:
          'multipart/form-data with fields `kind` (cases, tests or counts), `file`, and — for a browser form without an Authorization header — `token`. Vietnamese headers are accepted (docs/intake-headers.md). Answers 202 with the job; poll GET /api/v1/imports/{id}. A file whose header row lacks a required column of its kind is refused at once: 422 `/problems/missing-columns` naming the missing columns, the headers found and the closest header to each; the job is recorded failed with that problem and no row is read. A workbook beyond a limit (more than 20 sheets, 200,000 rows or 2,000,000 cells in its first sheet) is refused the same way with 422 `/problems/workbook-limit` naming the limit. A server reads 2 uploads at once (VX_UPLOADS_RUNNING) and lets 8 more wait (VX_UPLOADS_WAITING): a waiting upload is answered 202 with status `queued`, and is read when its turn comes (a refusal found then ends the job failed with its problem); beyond that, 503 `/problems/uploads-busy` with Retry-After, before the file is received.',
        tags: ['intake'],
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        response: {
          202: ImportJobSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw problems.unsupportedMediaType.notMultipart();
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; fileName: string } | null = null;
      const authenticate = () => authenticateField(request, fields);
      let place: UploadPlace | null = null;
      let id: string;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (request.principal === null && !fields.token) throw problems.unauthorized.tokenAfterFile();
            await authenticate();
            // A place in the queue before the file is received: a server with every place taken
            // says so at once, and does not hold another 20 MB to refuse it afterwards.
            place = queue.enter();
            if (place === null) {
              reply.header('retry-after', String(UPLOADS_RETRY_SECONDS));
              throw problems.uploadsBusy.retry(UPLOADS_RETRY_SECONDS, queue.load);
            }
            const bytes = await part.toBuffer().catch((error: { statusCode?: number; message: string }) => {
              if (error.statusCode === 413) throw problems.tooLarge.file(MAX_UPLOAD_BYTES);
              throw error;
            });
            file = { bytes, fileName: part.filename || 'upload' };
          } else fields[part.fieldname] = String(part.value);
        }
        const who = await authenticate();
        const kind = fields.kind as IntakeKind;
        if (!INTAKE_KINDS.includes(kind)) throw problems.invalidRequest.intakeKind();
        if (!file || !place || file.bytes.length === 0) throw problems.invalidRequest.fileMissing();
        // From here the job holds the place, and releases it when it ends.
        const taken = place;
        place = null;
        ({ id } = await startImportJob(ctx.store, intakeFor(ctx), { ...file, kind }, sender(who), taken));
      } finally {
        (place as UploadPlace | null)?.release();
      }
      const job = await getImportJob(ctx.store, id);
      return reply
        .code(202)
        .header('location', `/api/v1/imports/${id}`)
        .send({ ...job!, report: `/api/v1/imports/${id}/rejects.csv` });
    },
  );

  scope.get(
    '/api/v1/imports/:id',
    {
      config: { auth: OFFICER },
      schema: {
        summary: 'Tiến độ nhập / import job progress',
        tags: ['intake'],
        security: [{ bearer: [] }],
        params: ImportParams,
        response: { 200: ImportJobSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const job = await visibleJob(ctx, principal, request.params.id);
      return { ...job, report: `/api/v1/imports/${job.id}/rejects.csv` };
    },
  );

  scope.get(
    '/api/v1/imports/:id/rejects.csv',
    {
      config: { auth: OFFICER },
      schema: {
        summary: 'Báo cáo dòng bị từ chối / report of rejected rows (CSV: reasons, then the row; fix it and upload it again as it is)',
        tags: ['intake'],
        security: [{ bearer: [] }],
        params: ImportParams,
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const job = await visibleJob(ctx, principal, request.params.id);
      const rows = await rejectsOfImport(ctx.store.db, job.id);
      const kind = job.kind as IntakeKind;
      const lines = [rejectReportHeader(kind)];
      for (const r of rows)
        lines.push(rejectReportLine(kind, Number(r.position), JSON.parse(r.errors) as FieldError[], JSON.parse(r.raw) as Record<string, unknown>));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejects-${job.id}.csv"`)
        .send('\ufeff' + lines.join('\r\n') + '\r\n');
    },
  );
}

async function visibleJob(ctx: AppContext, principal: Principal, id: string) {
  const job = await getImportJob(ctx.store, id);
  const geo = ctx.geography();
  const visible = job && (job.scope === null ? geo.hierarchy.get(principal.scope)?.parentCode === null : geo.hierarchy.isWithin(job.scope, principal.scope));
  if (!job || !visible) throw problems.notFound.importJob(id);
  const { actor: _actor, scope: _scope, ...dto } = job;
  return dto;
}
