import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { campaignInput, type Campaign } from '../../core/campaign/campaign.ts';
import { campaignDates, cutInstant, defaultStandingsDate } from '../../core/campaign/campaign-clock.ts';
import { displayDate } from '../../core/time/local-date.ts';
import type { LevelHistoryProvider } from '../../core/campaign/level-history.ts';
import { computeProgress } from '../../core/campaign/progress.ts';
import { rewardCandidates } from '../../core/campaign/reward-candidates.ts';
import { rowsWithin } from '../../core/campaign/standings.ts';
import { candidatesCsv, candidatesXlsx, SIMULATED_EXPORT_NOTICE, standingsCsv, standingsXlsx } from '../../render/standings-export.ts';
import { holdsSimulatedData } from '../../store/demo-store.ts';
import { getCampaign, listCampaigns } from '../../store/campaign-store.ts';
import { liveStandings, officialStandings } from '../../app/campaign-standings.ts';
import { officialCutDates } from '../../app/official-cuts.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' };

const Share = Type.Object({ baseline: Type.Number(), current: Type.Number(), change: Type.Number() });
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const LevelStateSchema = Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String() });

const StandingRowSchema = Type.Object(
  {
    unit: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    parent: NullableString,
    population: NullableInt,
    status: Type.Union([Type.Literal('ranked'), Type.Literal('no_data')], { description: 'no_data: "chưa có dữ liệu", listed last and not ranked' }),
    baseline: NullableInt,
    current: NullableInt,
    reduction: Type.Union([Type.Integer(), Type.Null()], { description: 'levels lowered since the start; negative when worse' }),
    firstGreenDate: NullableString,
    firstGreenAt: NullableString,
    daysGreen: Type.Integer(),
    heldGreen: Type.Boolean(),
    communityCases: Type.Integer(),
    casesPer100k: Type.Union([Type.Number(), Type.Null()]),
    rank: NullableInt,
    rankInParent: NullableInt,
    previousRank: NullableInt,
    rankChange: Type.Union([Type.Integer(), Type.Null()], { description: 'places gained since the previous official cut' }),
    explanation: Type.Object({ vi: Type.String(), en: Type.String() }),
    greenShare: Type.Union([Type.Object({ children: Type.Integer(), units: Share, population: Type.Union([Share, Type.Null()]) }), Type.Null()]),
    levels: Type.Array(NullableInt, { description: 'level on each campaign date up to the standings date' }),
    corrected: Type.Optional(Type.Object({ dates: Type.Array(Type.String()) }, { description: 'official cuts: earlier dates corrected since the previous cut' })),
  },
  { $id: 'StandingRow' },
);

const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    nameEn: Type.Optional(Type.String()),
    start: Type.String({ description: 'ISO 8601 instant (UTC)' }),
    end: Type.String({ description: 'exclusive end instant (UTC)' }),
    groups: Type.Array(Type.String()),
    rulebook: Type.String(),
    goal: Type.Object({ state: Type.Integer(), share: Type.Number(), kind: Type.String() }),
    scoring: Type.Array(Type.String()),
    cutTime: Type.String(),
    rewards: Type.Object({ reachedGreen: Type.Boolean(), heldGreen: Type.Boolean() }),
    firstDate: Type.String(),
    lastDate: Type.String(),
    status: Type.Union([Type.Literal('upcoming'), Type.Literal('running'), Type.Literal('ended')]),
  },
  { $id: 'Campaign' },
);

const Params = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'json (default), csv or xlsx' }));

const StandingsQuery = Type.Object({
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'competing unit kind; default the first group with units' })),
  parent: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$', description: 'only units within this unit (parent or any ancestor)' })),
  unit: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$', description: "only this unit's row (its place, for the map's details panel)" })),
  date: Type.Optional(Type.String(DATE)),
  official: Type.Optional(Type.Boolean({ description: 'true: the official standings frozen at the daily cut; default live provisional standings' })),
  format: Format,
});

const ProgressQuery = Type.Object({
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "kind of unit counted; default the goal's kind" })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'kind of area for the per-area series; default district' })),
  date: Type.Optional(Type.String({ ...DATE, description: 'last date of the series; default the latest date with levels' })),
});

const CandidatesQuery = Type.Object({
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  date: Type.Optional(Type.String(DATE)),
  format: Format,
});

const CandidateSchema = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  parent: NullableString,
  criterion: Type.String(),
  baseline: NullableInt,
  greenSince: Type.String(),
  daysToGreen: Type.Integer(),
  daysGreen: Type.Integer(),
  place: Type.Integer(),
});

/** The API's shapes, for the "Thi đua" page to read them by (web/src/campaign/types.ts). */
export type StandingRowDto = Static<typeof StandingRowSchema>;
export type CampaignDto = Static<typeof CampaignSchema>;
export type CandidateDto = Static<typeof CandidateSchema>;

const SeriesSchema = {
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      units: Type.Object({ byState: Type.Array(Type.Integer()), noData: Type.Integer(), total: Type.Integer() }),
      population: Type.Object({ byState: Type.Array(Type.Integer()), noData: Type.Integer(), total: Type.Integer() }),
      goalShare: Type.Object({ units: Type.Number(), population: Type.Union([Type.Number(), Type.Null()]) }),
      goalMet: Type.Boolean(),
    }),
  ),
  goalMetOn: NullableString,
};

export function campaignRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addSchema(StandingRowSchema);
  app.addSchema(CampaignSchema);

  app.get(
    '/api/v1/campaigns',
    { schema: { summary: 'Emulation campaigns (phong trào thi đua)', tags: ['campaigns'], response: { 200: Type.Object({ campaigns: Type.Array(Type.Ref('Campaign')) }) } } },
    async () => ({ campaigns: (await listCampaigns(ctx.store.db)).map((c) => campaignDto(c, ctx.now?.())) }),
  );

  app.get<{ Params: Static<typeof Params> }>(
    '/api/v1/campaigns/:id',
    {
      schema: {
        summary: 'One campaign, with its official cuts so far per group (those due: frozen, or computed as freezing will until the watcher freezes them)',
        tags: ['campaigns'],
        params: Params,
        response: {
          200: Type.Object({ campaign: Type.Ref('Campaign'), cuts: Type.Record(Type.String(), Type.Array(Type.String())), nextCutAt: NullableString }),
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

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof StandingsQuery> }>(
    '/api/v1/campaigns/:id/standings',
    {
      schema: {
        summary: 'Standings of one group: live provisional, or official as frozen at a daily cut; JSON, CSV or XLSX',
        tags: ['campaigns'],
        params: Params,
        querystring: StandingsQuery,
        response: {
          200: Type.Object({
            campaign: Type.String(),
            group: Type.String(),
            date: Type.String(),
            official: Type.Boolean(),
            cutAt: NullableString,
            previousCut: Type.Union([Type.String(), Type.Null()], { description: 'date of the official cut rank changes are measured from' }),
            levelsAsOf: NullableString,
            parent: NullableString,
            states: Type.Array(LevelStateSchema),
            ranked: Type.Integer(),
            total: Type.Integer(),
            rows: Type.Array(Type.Ref('StandingRow')),
          }),
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
          throw new HttpProblem(
            404,
            'Chưa có bảng xếp hạng chính thức / No official standings yet',
            `Chưa có bảng chốt chính thức của nhóm ${group}${q.date ? ` ngày ${displayDate(q.date)}` : ''}: bảng được chốt hằng ngày lúc ${campaign.cutTime} (giờ Việt Nam) / no official cut of ${group} ${q.date ? `for ${q.date}` : 'yet'}: cuts are frozen daily at ${campaign.cutTime} (Asia/Ho_Chi_Minh)`,
          );
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
        parent: q.parent ?? null,
        states: table.states,
        ranked: table.ranked,
        total: rows.length,
        rows,
      };
    },
  );

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof ProgressQuery> }>(
    '/api/v1/campaigns/:id/progress',
    {
      schema: {
        summary: 'Progress of the map: per day, units and population in each state against the goal, citywide and per area',
        tags: ['campaigns'],
        params: Params,
        querystring: ProgressQuery,
        response: {
          200: Type.Object({
            campaign: Type.String(),
            kind: Type.String(),
            goal: Type.Object({ state: Type.Integer(), share: Type.Number(), kind: Type.String() }),
            states: Type.Array(LevelStateSchema),
            citywide: Type.Object(SeriesSchema),
            areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...SeriesSchema })),
          }),
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
      return computeProgress(campaign, geo.hierarchy, history, { kind, areaKind: q.area, until: q.date ?? defaultStandingsDate(campaign, history) });
    },
  );

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof CandidatesQuery> }>(
    '/api/v1/campaigns/:id/candidates',
    {
      schema: {
        summary: 'Reward candidates: units that reached green (fastest first) and units that held green throughout; provisional until the campaign ends',
        tags: ['campaigns'],
        params: Params,
        querystring: CandidatesQuery,
        response: {
          200: Type.Object({
            campaign: Type.String(),
            group: Type.String(),
            date: Type.String(),
            provisional: Type.Boolean(),
            reachedGreen: Type.Array(CandidateSchema),
            heldGreen: Type.Array(CandidateSchema),
          }),
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
export function campaignDto(campaign: Campaign, now = new Date()) {
  const dates = campaignDates(campaign);
  const t = now.getTime();
  const status = t < Date.parse(campaign.start) ? 'upcoming' : t >= Date.parse(campaign.end) ? 'ended' : 'running';
  return { ...campaignInput(campaign), firstDate: dates[0], lastDate: dates[dates.length - 1], status };
}

async function campaignOr404(ctx: AppContext, id: string): Promise<Campaign> {
  const campaign = await getCampaign(ctx.store.db, id);
  if (!campaign) throw new HttpProblem(404, 'Không tìm thấy chiến dịch / Campaign not found', `Không có chiến dịch mã ${id} / no campaign with id ${id}`);
  return campaign;
}

/** The campaign, the engine's levels (503 until the engine is connected) and the group asked for (default: the first with units). */
async function prepare(ctx: AppContext, id: string, group: string | undefined): Promise<{ campaign: Campaign; levels: LevelHistoryProvider; group: string }> {
  const campaign = await campaignOr404(ctx, id);
  const levels = ctx.levelHistory;
  if (!levels) {
    throw new HttpProblem(
      503,
      'Chưa có mức nguy cơ / Levels not available yet',
      'Bộ máy đánh giá nguy cơ chưa kết nối nên chưa tính được bảng xếp hạng / levels not available yet: the risk engine is not connected, so no standings are computed',
      undefined,
      'levels-unavailable',
    );
  }
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

function invalid(field: string, message: string): HttpProblem {
  return new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `${field}: ${message}`, [{ field, message }]);
}

function sendFile(reply: FastifyReply, filename: string, type: string, body: string | Buffer): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${filename}"`).send(body);
}
