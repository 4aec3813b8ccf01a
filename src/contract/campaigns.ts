import { type Static, Type } from '@sinclair/typebox';

import { NullableInt, NullableString, PublicCount, PublicRate, ref } from './shared.ts';

/** Campaigns (phong trào thi đua): definitions, standings, progress, reward candidates. */

// The input a campaign is created from is the core's own schema: it validates campaign files too.
export { type CampaignInput, CampaignInputSchema } from '../core/campaign/campaign.ts';

const DATE = { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' };

const Share = Type.Object({ baseline: Type.Number(), current: Type.Number(), change: Type.Number() });
export const LevelStateSchema = Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String() });
export type LevelState = Static<typeof LevelStateSchema>;
/** The rulebook's states, greenest first; a readonly array in the type (the core hands out its own table). */
const LevelStates = Type.Unsafe<readonly LevelState[]>(Type.Array(LevelStateSchema));

export const StandingRowSchema = Type.Object(
  {
    unit: Type.String(),
    name: Type.String(),
    label: Type.Optional(Type.String({ description: 'name with its parent\'s, "Khu phố 4 (Phường Tân Định)", where the name repeats in the group' })),
    kind: Type.String(),
    parent: NullableString,
    parentName: Type.Optional(NullableString),
    population: NullableInt,
    status: Type.Union([Type.Literal('ranked'), Type.Literal('no_data')], { description: 'no_data: "chưa có dữ liệu", listed last and not ranked' }),
    baseline: NullableInt,
    current: NullableInt,
    reduction: Type.Union([Type.Integer(), Type.Null()], { description: 'levels lowered since the start; negative when worse' }),
    firstGreenDate: NullableString,
    firstGreenAt: NullableString,
    daysGreen: Type.Integer(),
    heldGreen: Type.Boolean(),
    communityCases: PublicCount,
    casesPer100k: Type.Union([PublicRate, Type.Null()]),
    rank: NullableInt,
    rankInParent: NullableInt,
    previousRank: NullableInt,
    rankChange: Type.Union([Type.Integer(), Type.Null()], { description: 'places gained since the previous official cut' }),
    explanation: Type.Object({ vi: Type.String(), en: Type.String() }),
    greenShare: Type.Union([Type.Object({ children: Type.Integer(), units: Share, population: Type.Union([Share, Type.Null()]) }), Type.Null()]),
    levels: Type.Array(NullableInt, { description: 'level on each campaign date up to the standings date' }),
    corrected: Type.Optional(
      Type.Object({ dates: Type.Array(Type.String()) }, { description: 'official cuts: earlier dates corrected since the previous cut' }),
    ),
  },
  { $id: 'StandingRow' },
);
export type StandingRowDto = Static<typeof StandingRowSchema>;

export const CampaignSchema = Type.Object(
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
export type CampaignDto = Static<typeof CampaignSchema>;

export const CampaignParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });
export type CampaignParams = Static<typeof CampaignParams>;

const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'json (default), csv or xlsx' }));

export const StandingsQuery = Type.Object({
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'competing unit kind; default the first group with units' })),
  parent: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$', description: 'only units within this unit (parent or any ancestor)' })),
  // A unit key may carry `@<valid from>` (2025 communes): a unit the campaign never ranked answers with no row.
  unit: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._@-]{1,40}$', description: "only this unit's row (its place, for the map's details panel)" })),
  date: Type.Optional(Type.String(DATE)),
  official: Type.Optional(Type.Boolean({ description: 'true: the official standings frozen at the daily cut; default live provisional standings' })),
  correction: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100000, description: 'with official=true and a date: that corrected cut (1, 2…) instead of the original' }),
  ),
  format: Format,
});
export type StandingsQuery = Static<typeof StandingsQuery>;

export const ProgressQuery = Type.Object({
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "kind of unit counted; default the goal's kind" })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'kind of area for the per-area series; default district' })),
  date: Type.Optional(Type.String({ ...DATE, description: 'last date of the series; default the latest date with levels' })),
});
export type ProgressQuery = Static<typeof ProgressQuery>;

export const CandidatesQuery = Type.Object({
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  date: Type.Optional(Type.String(DATE)),
  format: Format,
});
export type CandidatesQuery = Static<typeof CandidatesQuery>;

export const CandidateSchema = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  parent: NullableString,
  parentName: Type.Optional(NullableString),
  criterion: Type.String(),
  baseline: NullableInt,
  greenSince: Type.String(),
  daysToGreen: Type.Integer(),
  daysGreen: Type.Integer(),
  place: Type.Integer(),
});
export type CandidateDto = Static<typeof CandidateSchema>;

export const CampaignsSchema = Type.Object({ campaigns: Type.Array(ref(CampaignSchema)) });
export type Campaigns = Static<typeof CampaignsSchema>;

export const CampaignDetailSchema = Type.Object({
  campaign: ref(CampaignSchema),
  cuts: Type.Record(Type.String(), Type.Array(Type.String())),
  nextCutAt: NullableString,
});
export type CampaignDetail = Static<typeof CampaignDetailSchema>;

export const CutBackfillSchema = Type.Object(
  {
    detected: Type.Boolean({ description: 'true when data that arrived after the cut changes what it would say now (a backfill)' }),
    unitsChanged: Type.Integer({ description: 'units whose rank, status, levels up to the date, baseline or community cases differ' }),
    message: Type.Object({ vi: Type.String(), en: Type.String() }, { description: 'the notice shown beside the cut; empty strings when not detected' }),
    asKnownNow: Type.String({
      description: 'the standings of the same date as known now (live): their rank change is measured against this cut',
    }),
    units: Type.Array(Type.Object({ unit: Type.String(), rankThen: NullableInt, rankNow: NullableInt, levelThen: NullableInt, levelNow: NullableInt })),
  },
  { $id: 'CutBackfill' },
);
export type CutBackfillDto = Static<typeof CutBackfillSchema>;

export const CutCorrectionSchema = Type.Object(
  {
    number: Type.Integer({ description: "1 for the cut's first correction, then 2…" }),
    reason: Type.String(),
    issuedAt: Type.String({ description: 'ISO 8601 instant (UTC); the standings are those known then' }),
    issuedBy: Type.String({ description: 'the role that issued it' }),
    href: Type.String({ description: 'its standings' }),
  },
  { $id: 'CutCorrection' },
);
export type CutCorrectionDto = Static<typeof CutCorrectionSchema>;

export const CutParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
  group: Type.String({ minLength: 1, maxLength: 40, description: 'competing unit kind' }),
  date: Type.String(DATE),
});
export type CutParams = Static<typeof CutParams>;

export const CutCorrectionInputSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why the cut is corrected (required; kept with the record)' }) },
  { additionalProperties: false },
);
export type CutCorrectionInput = Static<typeof CutCorrectionInputSchema>;

export const CutDetailSchema = Type.Object({
  campaign: Type.String(),
  group: Type.String(),
  date: Type.String(),
  cutAt: Type.String(),
  frozen: Type.Boolean({ description: 'false while the cut is due but the watcher has not frozen it yet' }),
  href: Type.String({ description: 'the original official standings' }),
  backfill: ref(CutBackfillSchema),
  corrections: Type.Array(ref(CutCorrectionSchema)),
});
export type CutDetail = Static<typeof CutDetailSchema>;

export const CutCorrectedSchema = Type.Object({ campaign: Type.String(), group: Type.String(), date: Type.String(), correction: ref(CutCorrectionSchema) });

export const StandingsSchema = Type.Object({
  campaign: Type.String(),
  group: Type.String(),
  date: Type.String(),
  official: Type.Boolean(),
  cutAt: NullableString,
  previousCut: Type.Union([Type.String(), Type.Null()], { description: 'date of the official cut rank changes are measured from' }),
  levelsAsOf: NullableString,
  computedAt: Type.String({
    format: 'date-time',
    description:
      'when the server computed this answer, on the deployment\'s clock (the simulated clock while the demo replays): what a page\'s "updated" stamp shows',
  }),
  parent: NullableString,
  states: LevelStates,
  ranked: Type.Integer(),
  total: Type.Integer(),
  rows: Type.Array(ref(StandingRowSchema)),
  correction: Type.Optional(
    Type.Union([ref(CutCorrectionSchema), Type.Null()], { description: 'official standings: the corrected cut these are, or null for the original' }),
  ),
  backfill: Type.Optional(
    Type.Union([ref(CutBackfillSchema), Type.Null()], { description: 'official standings: whether data that arrived after the cut changes it' }),
  ),
  corrections: Type.Optional(Type.Array(ref(CutCorrectionSchema), { description: "official standings: the cut's corrections, first issued first" })),
});
export type Standings = Static<typeof StandingsSchema>;

const Series = {
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
export const ProgressSeriesSchema = Type.Object(Series);
export type ProgressSeries = Static<typeof ProgressSeriesSchema>;

export const ProgressSchema = Type.Object({
  campaign: Type.String(),
  kind: Type.String(),
  goal: Type.Object({ state: Type.Integer(), share: Type.Number(), kind: Type.String() }),
  states: LevelStates,
  citywide: Type.Object(Series),
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...Series })),
});
export type Progress = Static<typeof ProgressSchema>;

export const CandidatesSchema = Type.Object({
  campaign: Type.String(),
  group: Type.String(),
  date: Type.String(),
  provisional: Type.Boolean(),
  reachedGreen: Type.Array(CandidateSchema),
  heldGreen: Type.Array(CandidateSchema),
});
export type Candidates = Static<typeof CandidatesSchema>;

export const CampaignCreatedSchema = Type.Object({ campaign: ref(CampaignSchema) });
export const CampaignUpdatedSchema = Type.Object({ campaign: ref(CampaignSchema), changed: Type.Boolean() });
