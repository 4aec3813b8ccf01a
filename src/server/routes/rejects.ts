import type { ExpressionBuilder } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Principal } from '../../core/auth/roles.ts';
import type { IntakeKind } from '../../core/cases/records.ts';
import { problems, ProblemSchema, RejectParams, RejectsQuery, RejectsSchema, ResubmitAnswer, type Reject } from '../../contract/index.ts';
import type { RawRow } from '../../core/cases/validate.ts';
import { jsonValues } from '../../files/intake-file.ts';
import type { Database } from '../../store/schema.ts';
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
      let query = ctx.store.db.selectFrom('rejects').selectAll().where('id', '>', after).orderBy('id').limit(limit + 1);
      if (kind) query = query.where('kind', '=', kind);
      if (importId) query = query.where('import_id', '=', importId);
      if (open) query = query.where('resolved_at', 'is', null);
      query = query.where((eb) => scopeFilter(ctx, principal, eb));
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      // Where a row came from, for the officer: the upload's file name. A second query by the page's
      // import ids rather than a join, so the scope filter's unqualified columns stay unambiguous.
      const importIds = [...new Set(page.map((r) => r.import_id).filter((id): id is string => id !== null))];
      const files = new Map<string, string>();
      if (importIds.length > 0) {
        for (const j of await ctx.store.db.selectFrom('import_jobs').select(['id', 'file_name']).where('id', 'in', importIds).execute()) files.set(j.id, j.file_name);
      }
      return { rejects: page.map((r) => rejectDto(r, r.import_id === null ? null : (files.get(r.import_id) ?? null))), next: rows.length > limit ? Number(page[page.length - 1].id) : null };
    },
  );

  scope.post(
    '/api/v1/rejects/:id/resubmit',
    {
      config: { auth: OFFICER },
      schema: {
        summary: 'Gửi lại dòng đã sửa / resubmit a rejected row, corrected',
        description: 'Body: the corrected record as a JSON object (canonical field names); an empty body resends the stored row as it was (after a unit or scope fix). The reject is marked resolved once the row is accepted or already stored.',
        tags: ['intake'],
        security: [{ bearer: [] }],
        params: RejectParams,
        response: { 200: ResubmitAnswer, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const reject = await ctx.store.db
        .selectFrom('rejects')
        .selectAll()
        .where('id', '=', Number(request.params.id))
        .where((eb) => scopeFilter(ctx, principal, eb))
        .executeTakeFirst();
      if (!reject) throw problems.notFound.reject(request.params.id);
      let values: unknown = JSON.parse(reject.raw);
      const body = request.body as Buffer | undefined;
      if (body && body.length > 0) values = parseJson(decodeBody(body));
      const rows: RawRow[] = [...jsonValues([values], Number(reject.position))];
      const answer = await intakeFor(ctx).ingest(reject.kind as IntakeKind, rows, sender(principal), { channel: 'api.resubmit', strictFields: true });
      const resolved = answer.rejected.length === 0;
      const now = new Date().toISOString();
      if (resolved) await ctx.store.db.updateTable('rejects').set({ resolved_at: now, resolved_by: principal.actor }).where('id', '=', reject.id).execute();
      else {
        // A refused attempt is kept (with its reasons, in the closed list), but the row that stays
        // open is the original: the one a later, successful fix resolves. Otherwise each failed
        // try would leave an open copy behind once the row finally lands.
        await ctx.store.db
          .updateTable('rejects')
          .set({ resolved_at: now, resolved_by: `${principal.actor} — lần sửa chưa đạt của dòng ${reject.id} / refused fix of reject ${reject.id}`.slice(0, 200) })
          .where('batch', '=', answer.outcome.batch)
          .execute();
      }
      return { accepted: answer.accepted, unchanged: answer.unchanged, rejected: answer.rejected, resolved };
    },
  );
}

/** Rejects and jobs a principal may see: those sent by senders whose scope lies within theirs. */
export function scopeFilter(ctx: AppContext, principal: Principal, eb: ExpressionBuilder<Database, 'rejects'>) {
  const geo = ctx.geography();
  const within = geo.units.filter((u) => geo.hierarchy.isWithin(u.code, principal.scope)).map((u) => u.code);
  const isRoot = geo.hierarchy.get(principal.scope)?.parentCode === null;
  const ors = [eb('scope', 'in', within.length > 0 ? within : ['\u0000'])];
  // Unrestricted senders (the operator's CLI) are visible to whoever holds a whole tree.
  if (isRoot) ors.push(eb('scope', 'is', null));
  return eb.or(ors);
}

function rejectDto(r: { id: number; kind: string; channel: string; import_id: string | null; position: number; record_id: string | null; raw: string; errors: string; received_at: string; resolved_at: string | null }, fileName: string | null): Reject {
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
  };
}
