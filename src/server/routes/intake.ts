import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { IngestAnswer, problems, ProblemSchema } from '../../contract/index.ts';
import { INTAKE_KINDS, type IntakeKind } from '../../core/cases/records.ts';
import type { RawRow } from '../../core/cases/validate.ts';
import { jsonValues, ndjsonRows } from '../../files/intake-file.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { importRoutes, MAX_UPLOAD_BYTES } from './imports.ts';
import { decodeBody, intakeFor, OFFICER, parseJson, sender } from './intake-shared.ts';
import { rejectRoutes } from './rejects.ts';

/** Rows one API request may carry; larger loads go through uploads or the CLI. */
export const MAX_ROWS_PER_REQUEST = 10_000;

const DESCRIPTIONS: Record<IntakeKind, string> = {
  cases: 'Ca bệnh / confirmed cases: {id, version?, confirmedDate, unit | ward+district, setting, sourceKnown, sourcePlace?, cluster?, household?, void?}',
  tests: 'Xét nghiệm / tests: {date, unit | ward+district, tested, positive, suspected?} (suspected: suspected cases that day, "Ca nghi nhiễm"; informs only)',
  counts: 'Số ca theo ngày / daily counts: {date, unit | ward+district, setting, sourceKnown, count}',
};

/**
 * Ingest API (DESIGN.md §6): cases, tests and counts as JSON arrays or NDJSON, uploads of CSV or
 * XLSX as jobs, and the rejected rows with their reasons. Registered as its own plugin so its
 * body parsers (strict UTF-8, NDJSON) and multipart apply to these routes only.
 */
export async function intakeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    const asBuffer = { parseAs: 'buffer' as const, bodyLimit: 16 * 1024 * 1024 };
    scope.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl'], asBuffer, (_req, body, done) =>
      done(null, body),
    );
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 } });

    for (const kind of INTAKE_KINDS) {
      scope.post(
        `/api/v1/${kind}`,
        {
          // Before the body is read: a caller without a token gets 401, not a 415 or 413 about a
          // body it may not send, and the server does not buffer 16 MB for it.
          config: { auth: OFFICER },
          schema: {
            summary: `Gửi ${kind} / send ${kind} (JSON array or NDJSON)`,
            description: `${DESCRIPTIONS[kind]}. Valid rows land even when others fail; each refused row is named with its reasons. Requires a data_officer token.`,
            tags: ['intake'],
            security: [{ bearer: [] }],
            response: { 200: IngestAnswer, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema },
          },
        },
        async (request) => {
          const principal = principalOf(request);
          const rows = requestRows(request);
          const answer = await intakeFor(ctx).ingest(kind, rows, sender(principal), { channel: 'api', strictFields: true });
          const { accepted, unchanged, rejected, notes } = answer;
          return notes === undefined ? { accepted, unchanged, rejected } : { accepted, unchanged, rejected, notes };
        },
      );
    }

    importRoutes(scope, ctx);
    rejectRoutes(scope, ctx);
  });
}

/** Rows of an ingest request: a JSON array, or NDJSON (one object per line). */
function requestRows(request: FastifyRequest): RawRow[] {
  const body = request.body as Buffer | undefined;
  if (!body || body.length === 0) throw problems.invalidRequest.emptyBody();
  const text = decodeBody(body);
  const type = String(request.headers['content-type'] ?? '');
  let rows: RawRow[];
  if (/ndjson|jsonl/.test(type)) rows = [...ndjsonRows(text, 0)];
  else {
    const parsed = parseJson(text);
    if (!Array.isArray(parsed)) throw problems.invalidRequest.notAnArray();
    rows = [...jsonValues(parsed, 0)];
  }
  if (rows.length > MAX_ROWS_PER_REQUEST) throw problems.tooLarge.rows(MAX_ROWS_PER_REQUEST);
  return rows;
}
