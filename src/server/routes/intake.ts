import { Type } from '@sinclair/typebox';
import multipart from '@fastify/multipart';
import type { ExpressionBuilder } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INTAKE_ROLES, type Principal } from '../../core/auth/roles.ts';
import { INTAKE_KINDS, type IntakeKind } from '../../core/cases/records.ts';
import type { RawRow } from '../../core/cases/validate.ts';
import { decodeUtf8, EncodingError } from '../../files/decode-utf8.ts';
import { jsonValues, ndjsonRows } from '../../files/intake-file.ts';
import { getImportJob, startImportJob } from '../../intake/import-job.ts';
import { Intake } from '../../intake/intake.ts';
import { requireRole } from '../auth.ts';
import type { AppContext } from '../context.ts';
import type { Geography } from '../geography.ts';
import type { Database } from '../../store/schema.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

/** Rows one API request may carry; larger loads go through uploads or the CLI. */
export const MAX_ROWS_PER_REQUEST = 10_000;
/** Largest upload accepted (CSV or XLSX). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const ErrorItem = Type.Object({
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
  candidates: Type.Optional(Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parent: Type.Union([Type.String(), Type.Null()]) }))),
});
const IngestAnswer = Type.Object({
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), id: Type.Union([Type.String(), Type.Null()]), errors: Type.Array(ErrorItem) })),
});
const ImportJobSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  status: Type.String({ description: 'queued, running, done or failed' }),
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
const RejectSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  channel: Type.String(),
  importId: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer({ description: 'array index (API) or spreadsheet row (files)' }),
  recordId: Type.Union([Type.String(), Type.Null()]),
  raw: Type.Record(Type.String(), Type.Unknown()),
  errors: Type.Array(ErrorItem),
  receivedAt: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
});

const DESCRIPTIONS: Record<IntakeKind, string> = {
  cases: 'Ca bệnh / confirmed cases: {id, version?, confirmedDate, unit | ward+district, setting, sourceKnown, sourcePlace?, cluster?, household?, void?}',
  tests: 'Xét nghiệm / tests: {date, unit | ward+district, tested, positive}',
  counts: 'Số ca theo ngày / daily counts: {date, unit | ward+district, setting, sourceKnown, count}',
};

const intakes = new WeakMap<Geography, Intake>();
/** One Intake per loaded geography: a geography reload gets a fresh resolver and ancestor chains. */
function intakeFor(ctx: AppContext): Intake {
  const geo = ctx.geography();
  let intake = intakes.get(geo);
  if (!intake) intakes.set(geo, (intake = new Intake(ctx.store, ctx.bus, geo.hierarchy)));
  return intake;
}

const sender = (p: Principal) => ({ actor: p.actor, scope: p.scope });

/**
 * Ingest API (DESIGN.md §6): cases, tests and counts as JSON arrays or NDJSON, uploads of CSV or
 * XLSX as jobs, and the rejected rows with their reasons. Registered as its own plugin so its
 * body parsers (strict UTF-8, NDJSON) and multipart apply to these routes only.
 */
export async function intakeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    const asBuffer = { parseAs: 'buffer' as const, bodyLimit: 16 * 1024 * 1024 };
    scope.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl'], asBuffer, (_req, body, done) => done(null, body));
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 } });

    for (const kind of INTAKE_KINDS) {
      scope.post(
        `/api/v1/${kind}`,
        {
          schema: {
            summary: `Gửi ${kind} / send ${kind} (JSON array or NDJSON)`,
            description: `${DESCRIPTIONS[kind]}. Valid rows land even when others fail; each refused row is named with its reasons. Requires a data_officer token.`,
            tags: ['intake'],
            security: [{ bearer: [] }],
            response: { 200: IngestAnswer, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema },
          },
        },
        async (request) => {
          const principal = await requireRole(ctx, request, INTAKE_ROLES);
          const rows = requestRows(request);
          const answer = await intakeFor(ctx).ingest(kind, rows, sender(principal), { channel: 'api', strictFields: true });
          return { accepted: answer.accepted, unchanged: answer.unchanged, rejected: answer.rejected };
        },
      );
    }

    scope.post(
      '/api/v1/imports',
      {
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
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer().catch((error: { statusCode?: number; message: string }) => {
              if (error.statusCode === 413) throw new HttpProblem(413, 'Dữ liệu quá lớn / Payload too large', `Tệp vượt quá ${MAX_UPLOAD_BYTES / 1048576} MB / the file exceeds ${MAX_UPLOAD_BYTES / 1048576} MB`);
              throw error;
            });
            file = { bytes, fileName: part.filename || 'upload' };
          } else fields[part.fieldname] = String(part.value);
        }
        const principal = await requireRole(ctx, request, INTAKE_ROLES, bearerOrField(request, fields.token));
        const kind = fields.kind as IntakeKind;
        if (!INTAKE_KINDS.includes(kind)) {
          throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `Trường kind phải là cases, tests hoặc counts / field kind must be cases, tests or counts`, [{ field: 'kind', message: 'must be cases, tests or counts' }]);
        }
        if (!file || file.bytes.length === 0) {
          throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'Thiếu tệp / the file is missing', [{ field: 'file', message: 'is missing' }]);
        }
        const { id } = await startImportJob(ctx.store, intakeFor(ctx), { ...file, kind }, sender(principal));
        const job = await getImportJob(ctx.store, id);
        return reply.code(202).header('location', `/api/v1/imports/${id}`).send({ ...job!, report: `/api/v1/imports/${id}/rejects.csv` });
      },
    );

    scope.get<{ Params: { id: string } }>(
      '/api/v1/imports/:id',
      { schema: { summary: 'Tiến độ nhập / import job progress', tags: ['intake'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 200: ImportJobSchema, 401: ProblemSchema, 404: ProblemSchema } } },
      async (request) => {
        const principal = await requireRole(ctx, request, INTAKE_ROLES);
        const job = await visibleJob(ctx, principal, request.params.id);
        return { ...job, report: `/api/v1/imports/${job.id}/rejects.csv` };
      },
    );

    scope.get<{ Params: { id: string } }>(
      '/api/v1/imports/:id/rejects.csv',
      { schema: { summary: 'Báo cáo dòng bị từ chối / report of rejected rows (CSV)', tags: ['intake'], security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ maxLength: 40 }) }) } },
      async (request, reply) => {
        const principal = await requireRole(ctx, request, INTAKE_ROLES);
        const job = await visibleJob(ctx, principal, request.params.id);
        const rows = await ctx.store.db.selectFrom('rejects').selectAll().where('import_id', '=', job.id).orderBy('position').execute();
        const lines = ['row,id,field,code,message,raw'];
        for (const r of rows) {
          const errors = JSON.parse(r.errors) as Array<{ field: string; code: string; message: string }>;
          for (const e of errors) lines.push([Number(r.position), r.record_id ?? '', e.field, e.code, e.message, r.raw].map(csvCell).join(','));
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="rejects-${job.id}.csv"`)
          .send('\ufeff' + lines.join('\r\n') + '\r\n');
      },
    );

    scope.get<{ Querystring: { kind?: string; import?: string; open?: boolean; after?: number; limit?: number } }>(
      '/api/v1/rejects',
      {
        schema: {
          summary: 'Dòng bị từ chối / rejected rows with their reasons',
          description: 'Rows your scope sent that were refused, newest last; `open=true` (default) hides resolved ones. Page with `after` (the last id seen).',
          tags: ['intake'],
          security: [{ bearer: [] }],
          querystring: Type.Object({
            kind: Type.Optional(Type.Union(INTAKE_KINDS.map((k) => Type.Literal(k)))),
            import: Type.Optional(Type.String({ maxLength: 40 })),
            open: Type.Optional(Type.Boolean()),
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: { 200: Type.Object({ rejects: Type.Array(RejectSchema), next: Type.Union([Type.Integer(), Type.Null()]) }), 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (request) => {
        const principal = await requireRole(ctx, request, INTAKE_ROLES);
        const { kind, import: importId, open = true, after = 0, limit = 100 } = request.query;
        let query = ctx.store.db.selectFrom('rejects').selectAll().where('id', '>', after).orderBy('id').limit(limit + 1);
        if (kind) query = query.where('kind', '=', kind);
        if (importId) query = query.where('import_id', '=', importId);
        if (open) query = query.where('resolved_at', 'is', null);
        query = query.where((eb) => scopeFilter(ctx, principal, eb));
        const rows = await query.execute();
        const page = rows.slice(0, limit);
        return { rejects: page.map(rejectDto), next: rows.length > limit ? Number(page[page.length - 1].id) : null };
      },
    );

    scope.post<{ Params: { id: string } }>(
      '/api/v1/rejects/:id/resubmit',
      {
        schema: {
          summary: 'Gửi lại dòng đã sửa / resubmit a rejected row, corrected',
          description: 'Body: the corrected record as a JSON object (canonical field names); an empty body resends the stored row as it was (after a unit or scope fix). The reject is marked resolved once the row is accepted or already stored.',
          tags: ['intake'],
          security: [{ bearer: [] }],
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 200: Type.Intersect([IngestAnswer, Type.Object({ resolved: Type.Boolean() })]), 401: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) => {
        const principal = await requireRole(ctx, request, INTAKE_ROLES);
        const reject = await ctx.store.db
          .selectFrom('rejects')
          .selectAll()
          .where('id', '=', Number(request.params.id))
          .where((eb) => scopeFilter(ctx, principal, eb))
          .executeTakeFirst();
        if (!reject) throw new HttpProblem(404, 'Không tìm thấy / Not found', `Không có dòng bị từ chối ${request.params.id} / no rejected row ${request.params.id}`);
        let values: unknown = JSON.parse(reject.raw);
        const body = request.body as Buffer | undefined;
        if (body && body.length > 0) values = parseJson(decodeBody(body));
        const rows: RawRow[] = [...jsonValues([values], Number(reject.position))];
        const answer = await intakeFor(ctx).ingest(reject.kind as IntakeKind, rows, sender(principal), { channel: 'api.resubmit', strictFields: true });
        const resolved = answer.rejected.length === 0;
        if (resolved) await ctx.store.db.updateTable('rejects').set({ resolved_at: new Date().toISOString(), resolved_by: principal.actor }).where('id', '=', reject.id).execute();
        return { accepted: answer.accepted, unchanged: answer.unchanged, rejected: answer.rejected, resolved };
      },
    );
  });
}

function bearerOrField(request: FastifyRequest, field: string | undefined): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  return field && field.trim() !== '' ? field.trim() : null;
}

/** Rows of an ingest request: a JSON array, or NDJSON (one object per line). */
function requestRows(request: FastifyRequest): RawRow[] {
  const body = request.body as Buffer | undefined;
  if (!body || body.length === 0) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'Thân yêu cầu trống / the request body is empty');
  const text = decodeBody(body);
  const type = String(request.headers['content-type'] ?? '');
  let rows: RawRow[];
  if (/ndjson|jsonl/.test(type)) rows = [...ndjsonRows(text, 0)];
  else {
    const parsed = parseJson(text);
    if (!Array.isArray(parsed)) {
      throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'Cần một mảng JSON các bản ghi (hoặc NDJSON với application/x-ndjson) / expected a JSON array of records (or NDJSON as application/x-ndjson)');
    }
    rows = [...jsonValues(parsed, 0)];
  }
  if (rows.length > MAX_ROWS_PER_REQUEST) {
    throw new HttpProblem(413, 'Dữ liệu quá lớn / Payload too large', `Tối đa ${MAX_ROWS_PER_REQUEST} bản ghi mỗi yêu cầu, hãy chia nhỏ hoặc tải tệp lên / at most ${MAX_ROWS_PER_REQUEST} records per request: split it or upload a file`);
  }
  return rows;
}

function decodeBody(body: Buffer): string {
  try {
    return decodeUtf8(body, 'request body');
  } catch (error) {
    if (error instanceof EncodingError) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `Dòng ${error.line} không phải UTF-8 / ${error.message}`);
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `Không phải JSON hợp lệ / not valid JSON: ${(error as Error).message}`);
  }
}

/** Rejects and jobs a principal may see: those sent by senders whose scope lies within theirs. */
function scopeFilter(ctx: AppContext, principal: Principal, eb: ExpressionBuilder<Database, 'rejects'>) {
  const geo = ctx.geography();
  const within = geo.units.filter((u) => geo.hierarchy.isWithin(u.code, principal.scope)).map((u) => u.code);
  const isRoot = geo.hierarchy.get(principal.scope)?.parentCode === null;
  const ors = [eb('scope', 'in', within.length > 0 ? within : ['\u0000'])];
  // Unrestricted senders (the operator's CLI) are visible to whoever holds a whole tree.
  if (isRoot) ors.push(eb('scope', 'is', null));
  return eb.or(ors);
}

async function visibleJob(ctx: AppContext, principal: Principal, id: string) {
  const job = await getImportJob(ctx.store, id);
  const geo = ctx.geography();
  const visible = job && (job.scope === null ? geo.hierarchy.get(principal.scope)?.parentCode === null : geo.hierarchy.isWithin(job.scope, principal.scope));
  if (!job || !visible) throw new HttpProblem(404, 'Không tìm thấy / Not found', `Không có lượt nhập ${id} / no import ${id}`);
  const { actor: _actor, scope: _scope, ...dto } = job;
  return dto;
}

function rejectDto(r: { id: number; kind: string; channel: string; import_id: string | null; position: number; record_id: string | null; raw: string; errors: string; received_at: string; resolved_at: string | null }) {
  return {
    id: Number(r.id),
    kind: r.kind,
    channel: r.channel,
    importId: r.import_id,
    position: Number(r.position),
    recordId: r.record_id,
    raw: JSON.parse(r.raw) as Record<string, unknown>,
    errors: JSON.parse(r.errors),
    receivedAt: r.received_at,
    resolvedAt: r.resolved_at,
  };
}

function csvCell(value: unknown): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
