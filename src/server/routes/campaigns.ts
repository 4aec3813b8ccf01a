import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

import { liveStandings, officialStandings } from '../../app/campaign-standings.ts';
import { cutBackfill } from '../../app/cut-corrections.ts';
import { latestOfficialCut, type OfficialCut, officialCutDates } from '../../app/official-cuts.ts';
import {
  CampaignDetailSchema,
  type CampaignDto,
  CampaignParams,
  CampaignSchema,
  CampaignsSchema,
  CandidatesQuery,
  CandidatesSchema,
  type CutBackfillDto,
  CutBackfillSchema,
  type CutCorrectionDto,
  CutCorrectionSchema,
  CutDetailSchema,
  CutParams,
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
import { NEIGHBOURHOOD_KIND } from '../../core/geo/neighbourhood-list.ts';
import { publicStandingRows } from '../../core/publish/banded-standings.ts';
import { displayDate } from '../../core/time/local-date.ts';
import {
  candidatesCsv,
  candidatesXlsx,
  SIMULATED_EXPORT_NOTICE,
  SIMULATED_NEIGHBOURHOODS_NOTICE,
  standingsCsv,
  standingsXlsx,
} from '../../render/standings-export.ts';
import { getCampaign, listCampaigns } from '../../store/campaign-store.ts';
import { listCorrections, type StoredCorrection } from '../../store/cut-corrections-store.ts';
import { readDemoState } from '../../store/demo-store.ts';
import { audienceOf } from '../audience.ts';
import type { AppContext } from '../context.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export function campaignRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(StandingRowSchema);
  app.addSchema(CampaignSchema);
  app.addSchema(CutBackfillSchema);
  app.addSchema(CutCorrectionSchema);

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
      if (q.correction !== undefined && (!q.official || q.date === undefined)) throw invalid('correction', 'needs official=true and a date');
      let standings;
      let cutNotes: Awaited<ReturnType<typeof notesOf>> | null = null;
      let correction: StoredCorrection | null = null;
      if (q.official) {
        standings = await officialStandings(ctx, campaign, levels, group, q.date);
        if (!standings) {
          throw problems.noOfficialStandings.cut(group, campaign.cutTime, q.date ? { date: q.date, displayDate: displayDate(q.date) } : undefined);
        }
        const cut = { date: standings.table.date, group, cutAt: standings.cutAt ?? '', table: standings.table };
        cutNotes = await notesOf(ctx, campaign, levels, cut);
        if (q.correction !== undefined) {
          correction = cutNotes.stored.find((c) => c.number === q.correction) ?? null;
          if (!correction) throw problems.correctionNotFound.number(q.correction, group, { date: cut.date, displayDate: displayDate(cut.date) });
          standings = { ...standings, table: correction.table };
        }
      } else {
        standings = await liveStandings(ctx, campaign, levels, group, q.date);
      }
      const { table, cutAt, previousCut } = standings;
      let rows = q.parent === undefined ? table.rows : rowsWithin(table, geo.hierarchy, q.parent);
      if (q.unit !== undefined) rows = rows.filter((r) => r.unit === q.unit);
      // Ranked on exact data; below the ward the public reads cases and rates in bands (docs/small-numbers.md).
      const shown = publicStandingRows(table, rows, campaign.scoring, audienceOf(request));
      const official = q.official === true;
      const version = correction ? `-dinh-chinh-${correction.number}` : '';
      const name = `thi-dua-${campaign.id}-${group}-${table.date}${official ? '-chinh-thuc' : ''}${version}${q.parent ? `-${q.parent}` : ''}`;
      const notice = await exportNotice(ctx, group);
      if (q.format === 'csv') return sendFile(reply, `${name}.csv`, 'text/csv; charset=utf-8', standingsCsv(shown, table.states, notice));
      if (q.format === 'xlsx') return sendFile(reply, `${name}.xlsx`, XLSX, await standingsXlsx(campaign.name, table, shown, table.states, notice));
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
        total: shown.length,
        rows: shown,
        ...(cutNotes
          ? {
              correction: correction ? correctionDto(correction) : null,
              backfill: cutNotes.backfill,
              corrections: cutNotes.corrections,
            }
          : {}),
      };
    },
  );

  app.get(
    '/api/v1/campaigns/:id/cuts/:group/:date',
    {
      schema: {
        summary:
          "One official cut: whether data that arrived after it changes it (a backfill, with the 'as known now' standings beside it) and its corrected cuts",
        tags: ['campaigns'],
        params: CutParams,
        response: { 200: CutDetailSchema, 400: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request) => {
      const { id, date } = request.params;
      const { campaign, levels, group } = await prepare(ctx, id, request.params.group);
      const cut = await dueCut(ctx, campaign, levels, group, date);
      const notes = await notesOf(ctx, campaign, levels, cut);
      return {
        campaign: campaign.id,
        group,
        date,
        cutAt: cut.cutAt,
        frozen: 'frozenAt' in cut,
        href: standingsHref(campaign.id, group, date, true),
        backfill: notes.backfill,
        corrections: notes.corrections,
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
      const notice = await exportNotice(ctx, group);
      if (q.format === 'csv') return sendFile(reply, `${name}.csv`, 'text/csv; charset=utf-8', candidatesCsv(candidates, notice));
      if (q.format === 'xlsx') return sendFile(reply, `${name}.xlsx`, XLSX, await candidatesXlsx(campaign.name, candidates, notice));
      return candidates;
    },
  );
}

/** The official cut of one group and date, frozen or due; 400 outside the campaign, 404 before it is due. */
export async function dueCut(ctx: AppContext, campaign: Campaign, levels: LevelHistoryProvider, group: string, date: string): Promise<OfficialCut> {
  checkDate(campaign, date);
  const cut = await latestOfficialCut(ctx, campaign, levels, group, date);
  if (!cut || cut.date !== date) throw problems.noOfficialStandings.cut(group, campaign.cutTime, { date, displayDate: displayDate(date) });
  return cut;
}

/** What is said beside an official cut: whether a backfill overtook it, and its corrections. */
async function notesOf(
  ctx: AppContext,
  campaign: Campaign,
  levels: LevelHistoryProvider,
  cut: OfficialCut,
): Promise<{ backfill: CutBackfillDto; corrections: CutCorrectionDto[]; stored: StoredCorrection[] }> {
  const found = await cutBackfill(ctx, campaign, levels, cut);
  const stored = await listCorrections(ctx.store.db, campaign.id, cut.group, cut.date);
  return {
    backfill: { ...found, asKnownNow: standingsHref(campaign.id, cut.group, cut.date, false) },
    corrections: stored.map(correctionDto),
    stored,
  };
}

/** A corrected cut as the API lists it: by role, never by token or user. */
export function correctionDto(c: StoredCorrection): CutCorrectionDto {
  return {
    number: c.number,
    reason: c.reason,
    issuedAt: c.issuedAt,
    issuedBy: c.issuedBy,
    href: `${standingsHref(c.campaign, c.group, c.date, true)}&correction=${c.number}`,
  };
}

function standingsHref(id: string, group: string, date: string, official: boolean): string {
  return `/api/v1/campaigns/${id}/standings?group=${encodeURIComponent(group)}&date=${date}${official ? '&official=true' : ''}`;
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

export async function campaignOr404(ctx: AppContext, id: string): Promise<Campaign> {
  const campaign = await getCampaign(ctx.store.db, id);
  if (!campaign) throw problems.campaignNotFound.id(id);
  return campaign;
}

/** The campaign, the engine's levels (503 until the engine is connected) and the group asked for (default: the first with units). */
export async function prepare(
  ctx: AppContext,
  id: string,
  group: string | undefined,
): Promise<{ campaign: Campaign; levels: LevelHistoryProvider; group: string }> {
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

/**
 * The first line of an export of simulated data; a table of khu phố and ấp also says their list
 * is the demo's made-up one, so a file passed around is never taken for the city's list.
 */
async function exportNotice(ctx: AppContext, group: string): Promise<string | undefined> {
  const demo = await readDemoState(ctx.store.db);
  const parts = [
    demo.simulated ? SIMULATED_EXPORT_NOTICE : '',
    group === NEIGHBOURHOOD_KIND && demo.simulatedNeighbourhoods ? SIMULATED_NEIGHBOURHOODS_NOTICE : '',
  ];
  return parts.filter(Boolean).join(' · ') || undefined;
}
