import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CampaignInputSchema, validateCampaign, type Campaign } from '../../core/campaign/campaign.ts';
import { getCampaign, saveCampaign } from '../../store/campaign-store.ts';
import { authenticateFirst } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { campaignDto } from './campaigns.ts';
import { ProblemSchema } from './shared-schemas.ts';

/**
 * Creating and editing campaigns. Authentication is not decided here: the handlers take an
 * already authenticated actor, so whichever token/session scheme the server adopts supplies it
 * (see `campaignAdminRoutes`).
 */
export interface CampaignActor {
  /** Stable id for the audit log, e.g. `user:lan` or `token:7`. */
  id: string;
  /** Roles the actor holds at the city (root) scope; a campaign spans the whole city. */
  roles: readonly string[];
}

/** Campaigns are created and edited by the admin role (issue 6). */
export const CAMPAIGN_ADMIN_ROLE = 'admin';

export async function createCampaign(ctx: AppContext, actor: CampaignActor, body: unknown): Promise<Campaign> {
  requireAdmin(actor);
  const campaign = validated(body);
  if (await getCampaign(ctx.store.db, campaign.id)) {
    throw new HttpProblem(409, 'Chiến dịch đã tồn tại / Campaign already exists', `Đã có chiến dịch mã ${campaign.id}; sửa bằng PUT /api/v1/campaigns/${campaign.id} / a campaign with id ${campaign.id} exists; edit it with PUT /api/v1/campaigns/${campaign.id}`, [{ field: 'id', message: 'đã tồn tại / already exists' }], 'conflict');
  }
  await saveCampaign(ctx.store.db, campaign, actor.id, 'api');
  return campaign;
}

/**
 * Replaces a campaign's definition. Official cuts already frozen stay as they were: they record
 * what was official at the time.
 */
export async function updateCampaign(ctx: AppContext, actor: CampaignActor, id: string, body: unknown): Promise<{ campaign: Campaign; changed: boolean }> {
  requireAdmin(actor);
  if (!(await getCampaign(ctx.store.db, id))) throw new HttpProblem(404, 'Không tìm thấy chiến dịch / Campaign not found', `Không có chiến dịch mã ${id} / no campaign with id ${id}`);
  const campaign = validated(body);
  if (campaign.id !== id) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `id: ${campaign.id} không khớp chiến dịch đang sửa (${id}) / does not match the campaign edited (${id})`, [{ field: 'id', message: `phải là ${id} / must be ${id}` }]);
  const { changed } = await saveCampaign(ctx.store.db, campaign, actor.id, 'api');
  return { campaign, changed };
}

/**
 * Registers POST /api/v1/campaigns and PUT /api/v1/campaigns/:id. `authenticate` resolves the
 * request's actor (or throws a 401 HttpProblem); the server passes the one its token/session
 * layer provides.
 */
export function campaignAdminRoutes(app: FastifyInstance, ctx: AppContext, authenticate: (request: FastifyRequest) => Promise<CampaignActor>): void {
  // The role is checked with the token, before the body: an admin of one district gets its 403,
  // not a 400 describing a campaign it may not create.
  const auth = authenticateFirst(async (request) => {
    const actor = await authenticate(request);
    requireAdmin(actor);
    return actor;
  });
  const response = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  app.post(
    '/api/v1/campaigns',
    {
      onRequest: auth.onRequest,
      schema: {
        summary: 'Create a campaign (admin role)',
        tags: ['campaigns'],
        body: CampaignInputSchema,
        response: { 201: Type.Object({ campaign: Type.Ref('Campaign') }), ...response },
      },
    },
    async (request, reply) => {
      const campaign = await createCampaign(ctx, auth.actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/campaigns/${campaign.id}`).send({ campaign: campaignDto(campaign) });
    },
  );
  app.put<{ Params: { id: string }; Body: Static<typeof CampaignInputSchema> }>(
    '/api/v1/campaigns/:id',
    {
      onRequest: auth.onRequest,
      schema: {
        summary: 'Replace a campaign definition (admin role); frozen official cuts stay as they were',
        tags: ['campaigns'],
        params: Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) }),
        body: CampaignInputSchema,
        response: { 200: Type.Object({ campaign: Type.Ref('Campaign'), changed: Type.Boolean() }), ...response },
      },
    },
    async (request) => {
      const { campaign, changed } = await updateCampaign(ctx, auth.actorOf(request), request.params.id, request.body);
      return { campaign: campaignDto(campaign), changed };
    },
  );
}

function requireAdmin(actor: CampaignActor): void {
  if (!actor.roles.includes(CAMPAIGN_ADMIN_ROLE)) {
    throw new HttpProblem(403, 'Không có quyền / Forbidden', `${actor.id} không có vai trò ${CAMPAIGN_ADMIN_ROLE} để tạo hoặc sửa chiến dịch / lacks the ${CAMPAIGN_ADMIN_ROLE} role needed to create or edit campaigns`);
  }
}

function validated(body: unknown): Campaign {
  const result = validateCampaign(body);
  if (!result.ok) {
    throw new HttpProblem(400, 'Chiến dịch không hợp lệ / Invalid campaign', result.errors.map((e) => `${e.field}: ${e.message}`).join('; '), result.errors);
  }
  return result.campaign;
}
