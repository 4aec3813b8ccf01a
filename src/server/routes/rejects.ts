import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { problems, ProblemSchema, type Reject, RejectParams, RejectsQuery, RejectsSchema, ResubmitAnswer } from '../../contract/index.ts';
import type { Principal } from '../../core/auth/roles.ts';
import type { IntakeKind } from '../../core/cases/records.ts';
import type { RawRow } from '../../core/cases/validate.ts';
import { jsonValues } from '../../files/intake-file.ts';
import { importFileNames } from '../../store/import-job-store.ts';
import { RESUBMIT_CHANNEL } from '../../store/intake/commit-batches.ts';
import { closeBatchRejects, getReject, listRejects, resolveReject, type SenderScopes } from '../../store/reject-store.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { decodeBody, intakeFor, OFFICER, parseJson, sender } from './intake-shared.ts';

/** Rejected rows with their reasons: listed for the sender's subtree, fixable and resubmittable. */
export function rejectRoutes(server: FastifyInstance, ctx: AppContext): void {
  const scope = server.withTypeProvider<TypeBoxTypeProvider>();
  scope.get(
    '/api/v1/rejects',
    {
      config: { auth: OFFICER },
      schema: {
        summary: 'Dòng bị từ chối / rejected rows with their reasons',
        description: 'Rows your scope sent that were refused, newest last; `open=true` (default) hides resolved ones. Page with `after` (the last id seen).',
        tags: ['intake'],
        security: [{ bearer: [] }],
        querystring: RejectsQuery,
        response: { 200: RejectsSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { kind, import: importId, open = true, after = 0, limit = 100 } = request.query;
      const rows = await listRejects(ctx.store.db, { kind, importId, open, after, limit }, visibleSenders(ctx, principal));
      const page = rows.slice(0, limit);
      // Where a row came from, for the officer: the upload's file name. A second query by the page's
      // import ids rather than a join, so the scope filter's unqualified columns stay unambiguous.
      const files = await importFileNames(ctx.store.db, [...new Set(page.map((r) => r.import_id).filter((id): id is string => id !== null))]);
      return {
        rejects: page.map((r) => rejectDto(r, r.import_id === null ? null : (files.get(r.import_id) ?? null))),
        next: rows.length > limit ? Number(page[page.length - 1].id) : null,
      };
    },
  );

  scope.post(
    '/api/v1/rejects/:id/resubmit',
    {
      config: { auth: OFFICER },
      schema: {
        summary: 'Gửi lại dòng đã sửa / resubmit a rejected row, corrected',
        description:
          'Body: the corrected record as a JSON object (canonical field names); an empty body resends the stored row as it was (after a unit or scope fix). The reject is marked resolved once the row is accepted or already stored.',
        tags: ['intake'],
        security: [{ bearer: [] }],
        params: RejectParams,
        response: { 200: ResubmitAnswer, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const reject = await getReject(ctx.store.db, Number(request.params.id), visibleSenders(ctx, principal));
      if (!reject) throw problems.notFound.reject(request.params.id);
      let values: unknown = JSON.parse(reject.raw);
      const body = request.body as Buffer | undefined;
      if (body && body.length > 0) values = parseJson(decodeBody(body));
      const rows: RawRow[] = [...jsonValues([values], Number(reject.position))];
      const answer = await intakeFor(ctx).ingest(reject.kind as IntakeKind, rows, sender(principal), { channel: RESUBMIT_CHANNEL, strictFields: true });
      const resolved = answer.rejected.length === 0;
      const now = new Date();
      if (resolved) await resolveReject(ctx.store.db, reject.id, principal.actor, now);
      else {
        // A refused attempt is kept (with its reasons, in the closed list), but the row that stays
        // open is the original: the one a later, successful fix resolves. Otherwise each failed
        // try would leave an open copy behind once the row finally lands.
        await closeBatchRejects(
          ctx.store.db,
          answer.outcome.batch,
          `${principal.actor} — lần sửa chưa đạt của dòng ${reject.id} / refused fix of reject ${reject.id}`.slice(0, 200),
          now,
        );
      }
      const { accepted, unchanged, rejected, notes } = answer;
      return notes === undefined ? { accepted, unchanged, rejected, resolved } : { accepted, unchanged, rejected, notes, resolved };
    },
  );
}

/** Rejects a principal may see: those sent by senders whose scope lies within theirs. */
export function visibleSenders(ctx: AppContext, principal: Principal): SenderScopes {
  const geo = ctx.geography();
  const units = geo.units.filter((u) => geo.hierarchy.isWithin(u.code, principal.scope)).map((u) => u.code);
  // Unrestricted senders (the operator's CLI) are visible to whoever holds a whole tree.
  return { units, unscoped: geo.hierarchy.get(principal.scope)?.parentCode === null };
}

function rejectDto(
  r: {
    id: number;
    kind: string;
    channel: string;
    import_id: string | null;
    position: number;
    record_id: string | null;
    raw: string;
    errors: string;
    received_at: string;
    resolved_at: string | null;
    resolved_batch: string | null;
    resolved_import: string | null;
  },
  fileName: string | null,
): Reject {
  return {
    id: Number(r.id),
    kind: r.kind,
    channel: r.channel,
    importId: r.import_id,
    fileName,
    position: Number(r.position),
    recordId: r.record_id,
    raw: JSON.parse(r.raw) as Record<string, unknown>,
    errors: JSON.parse(r.errors),
    receivedAt: r.received_at,
    resolvedAt: r.resolved_at,
    resolvedByBatch: r.resolved_batch,
    resolvedByImport: r.resolved_import,
  };
}
