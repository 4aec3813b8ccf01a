import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { APPEAL_DECIDERS, APPEAL_FILERS, APPEAL_READERS, appealDesk, type SentFile } from '../../app/appeals.ts';
import {
  AppealAttachmentParams,
  type AppealDto,
  AppealParams,
  AppealSchema,
  AppealsQuery,
  AppealsSchema,
  DecisionInput,
  problems,
  ProblemSchema,
} from '../../contract/index.ts';
import type { Appeal } from '../../core/appeals/appeal.ts';
import { ATTACHMENT_LIMITS } from '../../core/appeals/attachment-type.ts';
import { checkStorableFields, readAttachmentForm, sendAttachment } from '../attachment-form.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';

const dto = (a: Appeal): AppealDto => ({
  ...a,
  attachments: a.attachments.map((f) => ({ ...f, href: `/api/v1/appeals/${a.number}/attachments/${f.n}` })),
});

/** The text fields of an appeal sent as a form; files under `attachments`. Anything else is named back. */
const FORM_FIELDS = new Set(['unit', 'date', 'requestedLevel', 'reason']);

/** An appeal's fields and files from a multipart form. */
async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: SentFile[] }> {
  const fields: Record<string, unknown> = {};
  const files = await readAttachmentForm(request, (name, value) => {
    if (!FORM_FIELDS.has(name)) throw problems.invalidRequest.field(name, 'trường không được nhận / unknown field');
    fields[name] = value;
  });
  checkStorableFields(fields);
  return { fields, files };
}

/**
 * Appeals (issue #18 item 5, docs/appeals.md): a committee files one about a unit of its scope
 * (JSON, or a multipart form with attachments); members of its scope read them; an analyst of
 * its scope accepts (an override) or rejects it once.
 */
export async function appealRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const desk = appealDesk(ctx);
  const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
  // Its own plugin, so its multipart limits apply to this route only.
  await app.register(async (plugin) => {
    await plugin.register(multipart, {
      limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: ATTACHMENT_LIMITS.maxFiles + 1, fields: 8, parts: ATTACHMENT_LIMITS.maxFiles + 9 },
    });
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.post(
      '/api/v1/appeals',
      {
        config: { auth: { roles: APPEAL_FILERS } },
        schema: {
          summary: 'Khiếu nại màu của một đơn vị / a committee contests a unit’s colour on a date',
          description:
            'application/json `{unit, date, requestedLevel?, reason}`, or multipart/form-data with the same fields and up to 5 files `attachments` (PDF, PNG or JPEG judged by their first bytes, 5 MB each). A committee (or admin) whose scope holds the unit. `reason` (10–2000 characters) is public once the appeal is accepted and may hold no personal data: a phone number, an ID number or an e-mail address is refused naming the field. Answers 201 with the appeal; its number is its id.',
          tags: ['appeals'],
          security: [{ bearer: [] }],
          consumes: ['application/json', 'multipart/form-data'],
          response: { 201: AppealSchema, ...errors, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const sent = request.isMultipart()
          ? await readForm(request)
          : {
              fields: request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : null,
              files: [],
            };
        if (sent.fields === null) throw problems.invalidRequest.field('(body)', 'cần một đối tượng JSON / must be a JSON object');
        const appeal = await desk.file(principal, sent.fields, sent.files);
        return reply.code(201).header('location', `/api/v1/appeals/${appeal.number}`).send(dto(appeal));
      },
    );
  });

  const scope = app.withTypeProvider<TypeBoxTypeProvider>();
  scope.get(
    '/api/v1/appeals',
    {
      config: { auth: { roles: APPEAL_READERS } },
      schema: {
        summary: 'Khiếu nại trong phạm vi / appeals about units within the caller’s scope, newest first',
        tags: ['appeals'],
        security: [{ bearer: [] }],
        querystring: AppealsQuery,
        response: { 200: AppealsSchema, ...errors },
      },
    },
    async (request) => ({ appeals: (await desk.list(principalOf(request), request.query)).map(dto) }),
  );
  scope.get(
    '/api/v1/appeals/:id',
    {
      config: { auth: { roles: APPEAL_READERS } },
      schema: {
        summary: 'Một khiếu nại / one appeal',
        tags: ['appeals'],
        security: [{ bearer: [] }],
        params: AppealParams,
        response: { 200: AppealSchema, ...errors },
      },
    },
    async (request) => dto(await desk.get(principalOf(request), request.params.id)),
  );
  scope.get(
    '/api/v1/appeals/:id/attachments/:n',
    {
      config: { auth: { roles: APPEAL_READERS } },
      schema: {
        summary: 'Tệp đính kèm của khiếu nại / an appeal’s attachment, as a download',
        tags: ['appeals'],
        security: [{ bearer: [] }],
        params: AppealAttachmentParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const file = await desk.attachment(principalOf(request), request.params.id, request.params.n);
      return sendAttachment(reply as FastifyReply, file);
    },
  );
  scope.post(
    '/api/v1/appeals/:id/decision',
    {
      config: { auth: { roles: APPEAL_DECIDERS } },
      schema: {
        summary: 'Quyết định khiếu nại / an analyst accepts (an override) or rejects an appeal, once',
        description:
          '`{decision: "accepted", level, until?}` makes an override of the unit from the appeal’s date (until `until`, or until revoked) whose justification names the appeal and carries its reason; the public map changes before this answers. `{decision: "rejected", reason}` closes it with the reason. An analyst (or admin) whose scope holds the unit. A decided appeal answers 409.',
        tags: ['appeals'],
        security: [{ bearer: [] }],
        params: AppealParams,
        body: DecisionInput,
        response: { 200: AppealSchema, ...errors, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => dto(await desk.decide(principalOf(request), request.params.id, request.body)),
  );
}
