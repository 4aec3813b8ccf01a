import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { liveStandings, officialStandings } from '../../app/campaign-standings.ts';
import { officialCutDates } from '../../app/official-cuts.ts';
import {
  CampaignDetailSchema,
  type CampaignDto,
  CampaignParams,
  CampaignSchema,
  CampaignsSchema,
  CandidatesQuery,
  CandidatesSchema,
  problems,
  ProblemSchema,
  ProgressQuery,
  ProgressSchema,
  StandingRowSchema,
  StandingsQuery,
  StandingsSchema,
} from '../../contract/index.ts';
import { type Campaign, campaignInput } from '../../core/campaign/campaign.ts';
import { campaignDates, cutInstant, defaultStandingsDate } from '../../core/campaign/campaign-clock.ts';
import type { LevelHistoryProvider } from '../../core/campaign/level-history.ts';
import { computeProgress } from '../../core/campaign/progress.ts';
import { rewardCandidates } from '../../core/campaign/reward-candidates.ts';
import { rowsWithin } from '../../core/campaign/standings.ts';
import { displayDate } from '../../core/time/local-date.ts';
import { candidatesCsv, candidatesXlsx, SIMULATED_EXPORT_NOTICE, standingsCsv, standingsXlsx } from '../../render/standings-export.ts';
import { getCampaign, listCampaigns } from '../../store/campaign-store.ts';
import { holdsSimulatedData } from '../../store/demo-store.ts';
import type { AppContext } from '../context.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export function campaignRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(StandingRowSchema);
  app.addSchema(CampaignSchema);

  app.get(
    '/api/v1/campaigns',
    { schema: { summary: 'Emulation campaigns (phong trào thi đua)', tags: ['campaigns'], response: { 200: CampaignsSchema } } },
    async () => ({ campaigns: (await listCampaigns(ctx.store.db)).map((c) => campaignDto(c, ctx.now?.())) }),
  );

  app.get(
    '/api/v1/campaigns/:id',
    {
      schema: {
        summary: 'One campaign, with its official cuts so far per group (those due: frozen, or computed as freezing will until the watcher freezes them)',
        tags: ['campaigns'],
        params: CampaignParams,
        response: {
          200: CampaignDetailSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const campaign = await campaignOr404(ctx, request.params.id);
      const cuts = await officialCutDates(ctx, campaign);
      const now = (ctx.now?.() ?? new Date()).getTime();
      const next = campaignDates(campaign)
        .map((d) => cutInstant(campaign, d))
        .find((at) => at.getTime() > now && at.getTime() < Date.parse(campaign.end));
      return {
        campaign: campaignDto(campaign, ctx.now?.()),
        cuts: Object.fromEntries(cuts),
        nextCutAt: next ? next.toISOString() : null,
      };
    },
  );

  app.get(
    '/api/v1/campaigns/:id/standings',
    {
      schema: {
        summary: 'Standings of one group: live provisional, or official as frozen at a daily cut; JSON, CSV or XLSX',
        tags: ['campaigns'],
        params: CampaignParams,
        querystring: StandingsQuery,
        response: {
          200: StandingsSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { campaign, levels, group } = await prepare(ctx, request.params.id, request.query.group);
      const q = request.query;
      const geo = ctx.geography();
      if (q.parent !== undefined && !geo.hierarchy.get(q.parent)) throw invalid('parent', `no unit with code ${q.parent}`);
      checkDate(campaign, q.date);
      let standings;
      if (q.official) {
        standings = await officialStandings(ctx, campaign, levels, group, q.date);
        if (!standings) {
          throw problems.noOfficialStandings.cut(group, campaign.cutTime, q.date ? { date: q.date, displayDate: displayDate(q.date) } : undefined);
        }
      } else {
        standings = await liveStandings(ctx, campaign, levels, group, q.date);
      }
      const { table, cutAt, previousCut } = standings;
      let rows = q.parent === undefined ? table.rows : rowsWithin(table, geo.hierarchy, q.parent);
      if (q.unit !== undefined) rows = rows.filter((r) => r.unit === q.unit);
      const official = q.official === true;
      const name = `thi-dua-${campaign.id}-${group}-${table.date}${official ? '-chinh-thuc' : ''}${q.parent ? `-${q.parent}` : ''}`;
      const notice = (await holdsSimulatedData(ctx.store.db)) ? SIMULATED_EXPORT_NOTICE : undefined;
      if (q.format === 'csv') return sendFile(reply, `${name}.csv`, 'text/csv; charset=utf-8', standingsCsv(rows, table.states, notice));
      if (q.format === 'xlsx') return sendFile(reply, `${name}.xlsx`, XLSX, await standingsXlsx(campaign.name, table, rows, table.states, notice));
      return {
        campaign: campaign.id,
        group,
        date: table.date,
        official,
        cutAt,
        previousCut,
        levelsAsOf: table.levelsAsOf,
        computedAt: (ctx.now?.() ?? new Date()).toISOString(),
        parent: q.parent ?? null,
        states: table.states,
        ranked: table.ranked,
        total: rows.length,
        rows,
      };
    },
  );

  app.get(
    '/api/v1/campaigns/:id/progress',
    {
      schema: {
        summary: 'Progress of the map: per day, units and population in each state against the goal, citywide and per area',
        tags: ['campaigns'],
        params: CampaignParams,
        querystring: ProgressQuery,
        response: {
          200: ProgressSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { campaign, levels } = await prepare(ctx, request.params.id, undefined);
      const q = request.query;
      checkDate(campaign, q.date);
      const geo = ctx.geography();
      const kind = q.kind ?? campaign.goal.kind;
      if (!geo.units.some((u) => u.kind === kind)) throw invalid('kind', `no units of kind ${kind}`);
      if (q.area !== undefined && !geo.units.some((u) => u.kind === q.area)) throw invalid('area', `no units of kind ${q.area}`);
      const history = await levels(campaign.rulebook);
      return computeProgress(campaign, geo.treeOn(campaignDates(campaign)[0]), history, {
        kind,
        areaKind: q.area,
        until: q.date ?? defaultStandingsDate(campaign, history),
      });
    },
  );

  app.get(
    '/api/v1/campaigns/:id/candidates',
    {
      schema: {
        summary: 'Reward candidates: units that reached green (fastest first) and units that held green throughout; provisional until the campaign ends',
        tags: ['campaigns'],
        params: CampaignParams,
        querystring: CandidatesQuery,
        response: {
          200: CandidatesSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { campaign, levels, group } = await prepare(ctx, request.params.id, request.query.group);
      const q = request.query;
      checkDate(campaign, q.date);
      const { table } = await liveStandings(ctx, campaign, levels, group, q.date);
      const candidates = rewardCandidates(campaign, table);
      const name = `de-xuat-khen-thuong-${campaign.id}-${group}-${table.date}`;
      const notice = (await holdsSimulatedData(ctx.store.db)) ? SIMULATED_EXPORT_NOTICE : undefined;
      if (q.format === 'csv') return sendFile(reply, `${name}.csv`, 'text/csv; charset=utf-8', candidatesCsv(candidates, notice));
      if (q.format === 'xlsx') return sendFile(reply, `${name}.xlsx`, XLSX, await candidatesXlsx(campaign.name, candidates, notice));
      return candidates;
    },
  );
}

/** A campaign as the API shows it: its definition plus its local dates and where it stands now. */
export function campaignDto(campaign: Campaign, now = new Date()): CampaignDto {
  const dates = campaignDates(campaign);
  const t = now.getTime();
  const status = t < Date.parse(campaign.start) ? 'upcoming' : t >= Date.parse(campaign.end) ? 'ended' : 'running';
  // The input's optional parts are filled in once parsed (goal, rewards…): the campaign's own.
  return {
    ...campaignInput(campaign),
    goal: campaign.goal,
    rewards: campaign.rewards,
    cutTime: campaign.cutTime,
    scoring: [...campaign.scoring],
    firstDate: dates[0],
    lastDate: dates[dates.length - 1],
    status,
  };
}

async function campaignOr404(ctx: AppContext, id: string): Promise<Campaign> {
  const campaign = await getCampaign(ctx.store.db, id);
  if (!campaign) throw problems.campaignNotFound.id(id);
  return campaign;
}

/** The campaign, the engine's levels (503 until the engine is connected) and the group asked for (default: the first with units). */
async function prepare(ctx: AppContext, id: string, group: string | undefined): Promise<{ campaign: Campaign; levels: LevelHistoryProvider; group: string }> {
  const campaign = await campaignOr404(ctx, id);
  const levels = ctx.levelHistory;
  if (!levels) throw problems.levelsUnavailable.engine();
  const kinds = new Set(ctx.geography().units.map((u) => u.kind));
  const chosen = group ?? campaign.groups.find((g) => kinds.has(g)) ?? campaign.groups[0];
  if (!campaign.groups.includes(chosen)) throw invalid('group', `${chosen} is not a competing group of ${campaign.id} (${campaign.groups.join(', ')})`);
  return { campaign, levels, group: chosen };
}

function checkDate(campaign: Campaign, date: string | undefined): void {
  if (date === undefined) return;
  const dates = campaignDates(campaign);
  if (!dates.includes(date)) throw invalid('date', `${date} is outside the campaign (${dates[0]} to ${dates[dates.length - 1]})`);
}

const invalid = problems.invalidRequest.field;

function sendFile(reply: FastifyReply, filename: string, type: string, body: string | Buffer): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${filename}"`).send(body);
}
