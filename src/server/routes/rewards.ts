import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { type RenderedFile, rewardDocuments } from '../../app/reward-documents.ts';
import {
  type NominationView,
  REWARD_APPROVERS,
  REWARD_DOCUMENT_READERS,
  REWARD_NOMINATORS,
  REWARD_READERS,
  REWARD_REVIEWERS,
  REWARD_SCHEME_EDITORS,
  rewardDesk,
  type SentFile,
} from '../../app/rewards.ts';
import {
  CampaignRewardParams,
  CertificateParams,
  DecisionParams,
  NominationAttachmentParams,
  type NominationDto,
  NominationParams,
  NominationSchema,
  NominationsQuery,
  NominationsSchema,
  problems,
  ProblemSchema,
  PublicRewardsSchema,
  ReviewInput,
  RewardCandidatesQuery,
  RewardCandidatesSchema,
  type RewardDecisionDto,
  RewardDecisionInput,
  RewardDecisionSchema,
  RewardProblemSchema,
  type RewardSchemeDto,
  RewardSchemeSchema,
  SchemeInputSchema,
  SchemeQuery,
  SubmissionQuery,
  SupersedeInput,
} from '../../contract/index.ts';
import { ATTACHMENT_LIMITS } from '../../core/appeals/attachment-type.ts';
import type { RewardScheme } from '../../core/rewards/reward-scheme.ts';
import type { RewardDecision } from '../../store/reward-store.ts';
import { checkStorableFields, downloadDisposition, readAttachmentForm, sendAttachment } from '../attachment-form.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';

export const nominationDto = (n: NominationView): NominationDto => ({
  number: n.number,
  campaign: n.campaign,
  schemeVersion: n.schemeVersion,
  subject: n.subject,
  unit: n.unit,
  unitName: n.unitName,
  form: n.form,
  formName: n.formName,
  grantingUnit: n.grantingUnit,
  grantingUnitName: n.grantingUnitName,
  criterion: n.criterion,
  criterionText: n.criterionText,
  facts: n.facts,
  ...(n.person ? { person: n.person } : {}),
  summary: n.summary,
  attachments: n.attachments.map((f) => ({ ...f, href: `/api/v1/nominations/${n.number}/attachments/${f.n}` })),
  status: n.status,
  proposedBy: n.proposedBy,
  history: n.history,
  ...(n.decision ? { decision: n.decision } : {}),
});

export const decisionDto = (d: RewardDecision): RewardDecisionDto => ({
  id: d.id,
  campaign: d.campaign,
  form: d.form,
  grantingUnit: d.grantingUnit,
  number: d.number,
  date: d.date,
  signer: d.signer,
  status: d.status,
  nominations: d.nominations,
  ...(d.supersedes === null ? {} : { supersedes: d.supersedes }),
  ...(d.supersededBy === null ? {} : { supersededBy: d.supersededBy }),
  ...(d.supersededReason === null ? {} : { supersededReason: d.supersededReason }),
});

const schemeDto = (s: RewardScheme): RewardSchemeDto => ({
  campaign: s.campaign,
  version: s.version,
  createdAt: s.createdAt,
  criteria: s.criteria,
  forms: s.forms,
});

/** A nomination sent as a form: its fields as JSON text in `nomination`, files under `attachments`. Anything else is named back. */
async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, unknown> | null; files: SentFile[] }> {
  let fields: Record<string, unknown> | null = null;
  const files = await readAttachmentForm(request, (name, value) => {
    if (name !== 'nomination') throw problems.invalidRequest.field(name, 'trường không được nhận / unknown field');
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw problems.invalidRequest.field('nomination', 'cần JSON / must be JSON text');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw problems.invalidRequest.field('nomination', 'cần một đối tượng JSON / must be a JSON object');
    fields = parsed as Record<string, unknown>;
  });
  if (fields !== null) checkStorableFields(fields);
  return { fields, files };
}

const bodyObject = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw problems.invalidRequest.field('(body)', 'cần một đối tượng JSON / must be a JSON object');
  return body as Record<string, unknown>;
};

/**
 * Rewards (issue #19, docs/rewards.md): the scheme (public; edited by the city's Board), candidates
 * (public), nominations (committees propose; the granting level's Board reviews), decisions (the
 * granting level's People's Committee approves, supersedes and publishes) and the public list.
 */
export async function rewardRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const desk = rewardDesk(ctx);
  const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
  const tags = ['rewards'];
  const security = [{ bearer: [] }];

  await app.register(async (plugin) => {
    await plugin.register(multipart, {
      limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: ATTACHMENT_LIMITS.maxFiles + 1, fields: 2, parts: ATTACHMENT_LIMITS.maxFiles + 3 },
    });
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.post(
      '/api/v1/campaigns/:id/nominations',
      {
        config: { auth: { roles: REWARD_NOMINATORS } },
        schema: {
          summary: 'Đề nghị khen thưởng / a committee nominates a collective or an individual of its scope',
          description:
            'application/json: collective `{subject:"collective", unit, form, criterion, summary?}`; individual `{subject:"individual", unit, form, criterion, person:{name, position, kind:"official"|"volunteer"}, summary}`. Or multipart/form-data with the same object as JSON text in `nomination` and up to 5 files `attachments` (PDF, PNG or JPEG by their first bytes, 5 MB each). A collective must meet its criterion in the standings now (422 `/problems/reward-criterion` with the facts). A unit outside the caller’s scope: 403. Free text holding a phone number, an ID number or an e-mail address is refused naming the field.',
          tags,
          security,
          params: CampaignRewardParams,
          consumes: ['application/json', 'multipart/form-data'],
          response: {
            201: NominationSchema,
            ...errors,
            409: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: RewardProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const sent = request.isMultipart() ? await readForm(request) : { fields: bodyObject(request.body), files: [] };
        if (sent.fields === null) throw problems.invalidRequest.field('nomination', 'bắt buộc / is required');
        const n = await desk.nominate(principal, request.params.id, sent.fields, sent.files);
        return reply.code(201).header('location', `/api/v1/nominations/${n.number}`).send(nominationDto(n));
      },
    );
  });

  const scope = app.withTypeProvider<TypeBoxTypeProvider>();

  scope.get(
    '/api/v1/campaigns/:id/reward-scheme',
    {
      schema: {
        summary: 'Tiêu chí và hình thức khen thưởng / the campaign’s reward criteria and forms (a version, default the latest)',
        tags,
        params: CampaignRewardParams,
        querystring: SchemeQuery,
        response: { 200: RewardSchemeSchema, 404: ProblemSchema },
      },
    },
    async (request) => schemeDto(await desk.schemeOf(request.params.id, request.query.version)),
  );
  scope.put(
    '/api/v1/campaigns/:id/reward-scheme',
    {
      config: { auth: { roles: REWARD_SCHEME_EDITORS, scope: 'city' } },
      schema: {
        summary: 'Sửa tiêu chí khen thưởng / the city’s Board stores a new version of the criteria and forms',
        description:
          'Body `{criteria, forms}` (docs/rewards.md, the scheme format). Answers 201 with the new version; an invalid scheme 422 naming each field (`forms[1].quota.collective`).',
        tags,
        security,
        params: CampaignRewardParams,
        body: SchemeInputSchema,
        response: { 201: RewardSchemeSchema, ...errors, 422: ProblemSchema },
      },
      // The body is checked by the scheme's own validation, which answers 422 naming fields as people
      // read them (`forms[1].quota.collective`); the schema stays for the OpenAPI document. The path is checked as usual.
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError && request.validationError.validationContext !== 'body') throw request.validationError;
      return reply.code(201).send(schemeDto(await desk.saveScheme(principalOf(request), request.params.id, request.body)));
    },
  );
  scope.get(
    '/api/v1/campaigns/:id/reward-candidates',
    {
      schema: {
        summary: 'Ứng viên khen thưởng tập thể / collectives meeting the scheme’s criteria in the live standings, with their facts',
        tags,
        params: CampaignRewardParams,
        querystring: RewardCandidatesQuery,
        response: { 200: RewardCandidatesSchema, 400: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request) => desk.candidates(request.params.id, request.query.group, request.query.within),
  );
  scope.get(
    '/api/v1/campaigns/:id/nominations',
    {
      config: { auth: { roles: REWARD_READERS } },
      schema: {
        summary: 'Đề nghị khen thưởng trong phạm vi / nominations the caller’s scope reads, with the quotas’ use',
        description: 'A committee reads the nominations of units in its scope; a reward officer those whose granting unit is in its scope; an admin both.',
        tags,
        security,
        params: CampaignRewardParams,
        querystring: NominationsQuery,
        response: { 200: NominationsSchema, ...errors },
      },
    },
    async (request) => {
      const { nominations, quotas } = await desk.list(principalOf(request), request.params.id, request.query);
      return { nominations: nominations.map(nominationDto), quotas };
    },
  );
  scope.get(
    '/api/v1/nominations/:n',
    {
      config: { auth: { roles: REWARD_READERS } },
      schema: {
        summary: 'Một đề nghị khen thưởng / one nomination, with its history',
        tags,
        security,
        params: NominationParams,
        response: { 200: NominationSchema, ...errors },
      },
    },
    async (request) => nominationDto(await desk.get(principalOf(request), request.params.n)),
  );
  scope.get(
    '/api/v1/nominations/:n/attachments/:k',
    {
      config: { auth: { roles: REWARD_READERS } },
      schema: {
        summary: 'Tệp đính kèm của đề nghị / a nomination’s attachment, as a download',
        tags,
        security,
        params: NominationAttachmentParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const file = await desk.attachment(principalOf(request), request.params.n, request.params.k);
      return sendAttachment(reply as FastifyReply, file);
    },
  );
  scope.patch(
    '/api/v1/nominations/:n',
    {
      config: { auth: { roles: REWARD_NOMINATORS } },
      schema: {
        summary: 'Sửa đề nghị bị trả lại / the committee corrects a returned nomination, which goes back to the Board',
        description: 'The same fields as the proposal (the subject cannot change). Only a returned nomination: otherwise 409.',
        tags,
        security,
        params: NominationParams,
        response: { 200: NominationSchema, ...errors, 409: ProblemSchema, 422: RewardProblemSchema, 503: ProblemSchema },
      },
    },
    async (request) => nominationDto(await desk.correct(principalOf(request), request.params.n, bodyObject(request.body))),
  );
  scope.post(
    '/api/v1/nominations/:n/withdraw',
    {
      config: { auth: { roles: REWARD_NOMINATORS } },
      schema: {
        summary: 'Rút đề nghị / the committee withdraws a proposed or returned nomination',
        tags,
        security,
        params: NominationParams,
        response: { 200: NominationSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request) => nominationDto(await desk.withdraw(principalOf(request), request.params.n)),
  );
  scope.post(
    '/api/v1/nominations/:n/review',
    {
      config: { auth: { roles: REWARD_REVIEWERS } },
      schema: {
        summary: 'Xét đề nghị / the granting level’s Board accepts, returns or rejects a proposed nomination',
        description:
          '`{decision: "accept"|"return"|"reject", reason?}`; a reason (10–2000 characters) for return and reject. A reward officer or admin whose scope IS the granting unit. Accepting beyond the quota answers 422 `/problems/reward-quota` with `form`, `subject`, `quota` and `used`.',
        tags,
        security,
        params: NominationParams,
        body: ReviewInput,
        response: { 200: NominationSchema, ...errors, 409: ProblemSchema, 422: RewardProblemSchema },
      },
    },
    async (request) => nominationDto(await desk.review(principalOf(request), request.params.n, request.body)),
  );
  scope.post(
    '/api/v1/campaigns/:id/reward-decisions',
    {
      config: { auth: { roles: REWARD_APPROVERS } },
      schema: {
        summary: 'Quyết định khen thưởng / the granting level’s People’s Committee approves accepted nominations in a numbered decision',
        description:
          '`{form, grantingUnit, number, date, signer:{name, title}, nominations:[n…]}`: a committee member or admin whose scope IS the granting unit; every nomination accepted for that form and granting unit (422 naming `nominations[i]`); `number` as signed (`1234/QĐ-UBND`); `date` not in the future.',
        tags,
        security,
        params: CampaignRewardParams,
        body: RewardDecisionInput,
        response: { 201: RewardDecisionSchema, ...errors, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const decision = await desk.decide(principalOf(request), request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/reward-decisions/${decision.id}`).send(decisionDto(decision));
    },
  );
  scope.get(
    '/api/v1/reward-decisions/:id',
    {
      config: { auth: { roles: REWARD_READERS } },
      schema: {
        summary: 'Một quyết định khen thưởng / one reward decision',
        tags,
        security,
        params: DecisionParams,
        response: { 200: RewardDecisionSchema, ...errors },
      },
    },
    async (request) => decisionDto(await desk.decision(principalOf(request), request.params.id)),
  );
  for (const method of ['PATCH', 'PUT'] as const)
    scope.route({
      method,
      url: '/api/v1/reward-decisions/:id',
      config: { auth: { roles: REWARD_APPROVERS } },
      schema: {
        summary: 'Không sửa quyết định đã phê duyệt / an approved decision is never edited: 409, supersede it instead',
        tags,
        security,
        params: DecisionParams,
        response: { ...errors, 409: ProblemSchema },
      },
      // No body schema: whatever is sent, the answer is the same refusal.
      handler: async (request) => desk.refuseEdit(principalOf(request), (request.params as { id: number }).id),
    });
  scope.post(
    '/api/v1/reward-decisions/:id/supersede',
    {
      config: { auth: { roles: REWARD_APPROVERS } },
      schema: {
        summary: 'Quyết định thay thế / a new decision supersedes an approved one, with a reason',
        description:
          '`{reason, number, date, signer, nominations}`: the old decision becomes superseded with the reason and points to the new one; its nominations not in the new list go back to accepted.',
        tags,
        security,
        params: DecisionParams,
        body: SupersedeInput,
        response: { 201: RewardDecisionSchema, ...errors, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const decision = await desk.supersede(principalOf(request), request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/reward-decisions/${decision.id}`).send(decisionDto(decision));
    },
  );
  scope.post(
    '/api/v1/reward-decisions/:id/publish',
    {
      config: { auth: { roles: REWARD_APPROVERS } },
      schema: {
        summary: 'Công bố quyết định / publish an approved decision: the public sees its recipients',
        tags,
        security,
        params: DecisionParams,
        response: { 200: RewardDecisionSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request) => decisionDto(await desk.publish(principalOf(request), request.params.id)),
  );
  scope.get(
    '/api/v1/campaigns/:id/rewards',
    {
      schema: {
        summary: 'Khen thưởng đã công bố / published reward decisions: recipients by name, position (individuals) and unit only',
        tags,
        params: CampaignRewardParams,
        response: { 200: PublicRewardsSchema, 404: ProblemSchema },
      },
    },
    async (request) => desk.publicRewards(request.params.id),
  );

  // Documents (docs/rewards-documents.md): for the Board, the committees and admins whose scope holds the granting unit.
  const documents = rewardDocuments(ctx);
  const send = (reply: FastifyReply, file: RenderedFile) =>
    reply.type(file.type).header('content-disposition', downloadDisposition(file.name)).send(Buffer.from(file.body));
  const fileErrors = { ...errors, 503: ProblemSchema };
  for (const format of ['docx', 'xlsx'] as const) {
    scope.get(
      `/api/v1/campaigns/:id/reward-submission.${format}`,
      {
        config: { auth: { roles: REWARD_DOCUMENT_READERS } },
        schema: {
          summary:
            format === 'docx'
              ? 'Tờ trình đề nghị khen thưởng (DOCX) / the submission listing the accepted nominations of a form and granting unit'
              : 'Danh sách đề nghị khen thưởng (XLSX) / the submission’s list as a workbook',
          tags,
          security,
          params: CampaignRewardParams,
          querystring: SubmissionQuery,
          response: fileErrors,
        },
      },
      async (request, reply) =>
        send(reply, await documents.submission(principalOf(request), request.params.id, request.query.form, request.query.grantingUnit, format)),
    );
  }
  scope.get(
    '/api/v1/reward-decisions/:id/decision.docx',
    {
      config: { auth: { roles: REWARD_DOCUMENT_READERS } },
      schema: {
        summary: 'Quyết định khen thưởng (DOCX) với danh sách kèm theo / the decision with its annexed list',
        tags,
        security,
        params: DecisionParams,
        response: fileErrors,
      },
    },
    async (request, reply) => send(reply, await documents.decision(principalOf(request), request.params.id, 'docx')),
  );
  scope.get(
    '/api/v1/reward-decisions/:id/list.xlsx',
    {
      config: { auth: { roles: REWARD_DOCUMENT_READERS } },
      schema: { summary: 'Danh sách khen thưởng (XLSX) / the decision’s list as a workbook', tags, security, params: DecisionParams, response: fileErrors },
    },
    async (request, reply) => send(reply, await documents.decision(principalOf(request), request.params.id, 'xlsx')),
  );
  scope.get(
    '/api/v1/reward-decisions/:id/certificates.pdf',
    {
      config: { auth: { roles: REWARD_DOCUMENT_READERS } },
      schema: {
        summary: 'Bằng khen / Giấy khen (PDF, A4 ngang) / every recipient’s certificate, one page each',
        tags,
        security,
        params: DecisionParams,
        response: fileErrors,
      },
    },
    async (request, reply) => send(reply, await documents.certificates(principalOf(request), request.params.id)),
  );
  scope.get(
    '/api/v1/reward-decisions/:id/certificates/:n.pdf',
    {
      config: { auth: { roles: REWARD_DOCUMENT_READERS } },
      schema: {
        summary: 'Bằng khen / Giấy khen của một đề nghị (PDF) / one nomination’s certificate',
        tags,
        security,
        params: CertificateParams,
        response: fileErrors,
      },
    },
    async (request, reply) => send(reply, await documents.certificates(principalOf(request), request.params.id, request.params.n)),
  );
}
