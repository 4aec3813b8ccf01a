import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { correctCut } from '../../app/cut-corrections.ts';
import {
  CampaignCreatedSchema,
  CampaignInputSchema,
  CampaignParams,
  CampaignUpdatedSchema,
  CutCorrectedSchema,
  CutCorrectionInputSchema,
  CutParams,
  problems,
  ProblemSchema,
} from '../../contract/index.ts';
import { type Campaign, validateCampaign } from '../../core/campaign/campaign.ts';
import { displayDate } from '../../core/time/local-date.ts';
import { getCampaign, saveCampaign } from '../../store/campaign-store.ts';
import { principalOf, type RouteAuth } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { campaignDto, correctionDto, dueCut, prepare } from './campaigns.ts';

/**
 * Creating and editing campaigns. The handlers take an already authenticated actor; the routes
 * get it from the server's one authentication hook (src/server/auth.ts).
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
  if (await getCampaign(ctx.store.db, campaign.id)) throw problems.campaignExists.id(campaign.id);
  await saveCampaign(ctx.store.db, campaign, actor.id, 'api');
  return campaign;
}

/**
 * Replaces a campaign's definition. Official cuts already frozen stay as they were: they record
 * what was official at the time.
 */
export async function updateCampaign(ctx: AppContext, actor: CampaignActor, id: string, body: unknown): Promise<{ campaign: Campaign; changed: boolean }> {
  requireAdmin(actor);
  if (!(await getCampaign(ctx.store.db, id))) throw problems.campaignNotFound.id(id);
  const campaign = validated(body);
  if (campaign.id !== id) throw problems.invalidRequest.campaignId(campaign.id, id);
  const { changed } = await saveCampaign(ctx.store.db, campaign, actor.id, 'api');
  return { campaign, changed };
}

/**
 * The admin role at the city's scope: a campaign spans the whole city. Checked with the token,
 * before the body: an admin of one district gets its 403, not a 400 describing a campaign it may
 * not create.
 */
const CAMPAIGN_ADMIN: RouteAuth = { roles: [CAMPAIGN_ADMIN_ROLE], scope: 'city' };

/** Registers POST /api/v1/campaigns, PUT /api/v1/campaigns/:id and POST …/cuts/:group/:date/corrections. */
export function campaignAdminRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const actorOf = (principal: { actor: string; role: string }): CampaignActor => ({ id: principal.actor, roles: [principal.role] });
  const response = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  app.post(
    '/api/v1/campaigns',
    {
      config: { auth: CAMPAIGN_ADMIN },
      schema: {
        summary: 'Create a campaign (admin role)',
        tags: ['campaigns'],
        body: CampaignInputSchema,
        response: { 201: CampaignCreatedSchema, ...response },
      },
    },
    async (request, reply) => {
      const campaign = await createCampaign(ctx, actorOf(principalOf(request)), request.body);
      return reply
        .code(201)
        .header('location', `/api/v1/campaigns/${campaign.id}`)
        .send({ campaign: campaignDto(campaign) });
    },
  );
  app.put(
    '/api/v1/campaigns/:id',
    {
      config: { auth: CAMPAIGN_ADMIN },
      schema: {
        summary: 'Replace a campaign definition (admin role); frozen official cuts stay as they were',
        tags: ['campaigns'],
        params: CampaignParams,
        body: CampaignInputSchema,
        response: { 200: CampaignUpdatedSchema, ...response },
      },
    },
    async (request) => {
      const { campaign, changed } = await updateCampaign(ctx, actorOf(principalOf(request)), request.params.id, request.body);
      return { campaign: campaignDto(campaign), changed };
    },
  );
  app.post(
    '/api/v1/campaigns/:id/cuts/:group/:date/corrections',
    {
      config: { auth: CAMPAIGN_ADMIN },
      schema: {
        summary:
          'Issue a corrected official cut (admin role, whole city): the standings as known now, with the reason, stored beside the original, which never changes',
        tags: ['campaigns'],
        params: CutParams,
        body: CutCorrectionInputSchema,
        response: { 201: CutCorrectedSchema, ...response, 503: ProblemSchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { id, date } = request.params;
      const reason = request.body.reason.trim();
      if (reason === '') throw problems.invalidRequest.field('reason', 'không được để trống / must not be blank');
      const { campaign, levels, group } = await prepare(ctx, id, request.params.group);
      await dueCut(ctx, campaign, levels, group, date);
      const outcome = await correctCut(ctx, campaign, levels, { group, date, reason, actor: principal.actor, role: principal.role, channel: 'api' });
      const day = { date, displayDate: displayDate(date) };
      if (outcome.kind === 'not-frozen') throw problems.cutNotCorrectable.notFrozen(group, day);
      if (outcome.kind === 'unchanged') throw problems.cutNotCorrectable.unchanged(group, day, outcome.against);
      const correction = correctionDto(outcome.correction);
      return reply.code(201).header('location', correction.href).send({ campaign: campaign.id, group, date, correction });
    },
  );
}

function requireAdmin(actor: CampaignActor): void {
  if (!actor.roles.includes(CAMPAIGN_ADMIN_ROLE)) {
    throw problems.forbidden.campaignAdmin(actor.id, CAMPAIGN_ADMIN_ROLE);
  }
}

function validated(body: unknown): Campaign {
  const result = validateCampaign(body);
  if (!result.ok) {
    throw problems.invalidCampaign.errors(result.errors);
  }
  return result.campaign;
}
