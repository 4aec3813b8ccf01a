import { type Static, Type } from '@sinclair/typebox';

import { PublicAppealSchema } from './public-appeal.ts';
import { BilingualSchema, DateString, NullableString, ref, RulebookId } from './shared.ts';

/** Risk: levels, assessments with their reasons, path to green, rulebooks. */

export const ReasonSchema = Type.Object(
  {
    criterion: Type.String({ description: 'criterion id, or "override"' }),
    state: Type.String(),
    text: BilingualSchema,
    figures: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    verified: Type.Boolean({ description: 'false: the rule is inferred, not confirmed by a primary source' }),
    confidence: Type.String(),
    citation: Type.String(),
  },
  { $id: 'Reason' },
);
export type Reason = Static<typeof ReasonSchema>;

/** An override as the public reads it: who made it is not sent (the audit log keeps it; GET /overrides names role and unit). */
export const OverrideInfoSchema = Type.Object({
  id: Type.Integer(),
  state: Type.String(),
  justification: Type.String(),
  from: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
  appeal: Type.Optional(Type.Union([PublicAppealSchema, Type.Null()], { description: 'the appeal this override accepted (docs/appeals.md); null when none' })),
});
export type OverrideInfo = Static<typeof OverrideInfoSchema>;

export const RulebookRef = Type.Object({ id: Type.String(), version: Type.String() });
export type RulebookRef = Static<typeof RulebookRef>;

export const CurrentAssessmentSchema = Type.Object(
  {
    date: Type.String(),
    level: Type.Integer({ description: "index of the rulebook's state, 0 the greenest" }),
    state: Type.String(),
    stateName: BilingualSchema,
    colour: Type.String(),
    reasons: Type.Array(ref(ReasonSchema)),
    override: Type.Union([OverrideInfoSchema, Type.Null()]),
    computedAt: Type.String(),
    rulebook: RulebookRef,
  },
  { $id: 'CurrentAssessment' },
);
export type CurrentAssessment = Static<typeof CurrentAssessmentSchema>;

export const PathToGreenSchema = Type.Object(
  {
    date: Type.Union([Type.String(), Type.Null()], { description: 'earliest date green if no new case arrives; null if not within the projection' }),
    alreadyGreen: Type.Boolean(),
    holding: Type.Array(ref(ReasonSchema), { description: 'what holds the unit until then' }),
    horizon: Type.String(),
  },
  { $id: 'PathToGreen' },
);
export type PathToGreen = Static<typeof PathToGreenSchema>;

export const LevelsQuery = Type.Object({
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  date: Type.Optional(DateString),
  rulebook: Type.Optional(RulebookId),
  publishedAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'the levels as published at this instant (default: as known now); default rulebook only' }),
  ),
});
export type LevelsQuery = Static<typeof LevelsQuery>;

/** GET /api/v1/levels: the map's one request. */
export const LevelsSchema = Type.Object({
  date: Type.String(),
  computedAt: Type.String(),
  rulebook: RulebookRef,
  levels: Type.Record(Type.String(), Type.Integer(), { description: "unit code → index of the rulebook's state (0 the greenest)" }),
});
export type Levels = Static<typeof LevelsSchema>;

export const RulebookQuery = Type.Object({ rulebook: Type.Optional(RulebookId) });
export type RulebookQuery = Static<typeof RulebookQuery>;

export const LevelDatesSchema = Type.Object({ rulebook: Type.String(), dates: Type.Array(Type.String()) });
export type LevelDates = Static<typeof LevelDatesSchema>;

export const AssessmentsQuery = Type.Object({
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  rulebook: Type.Optional(RulebookId),
  publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'give the assessments as published at this instant (default: as known now)' })),
});
export type AssessmentsQuery = Static<typeof AssessmentsQuery>;

export const AssessmentRowSchema = Type.Object({
  date: Type.String(),
  level: Type.Integer(),
  state: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'published version (null for a rulebook computed on demand)' }),
  computedAt: Type.String(),
  reasons: Type.Array(ref(ReasonSchema)),
  overrideId: Type.Union([Type.Integer(), Type.Null()]),
  appeal: Type.Optional(Type.Union([PublicAppealSchema, Type.Null()], { description: 'the appeal the override accepted, when it did (docs/appeals.md)' })),
});
export type AssessmentRow = Static<typeof AssessmentRowSchema>;

export const AssessmentHistorySchema = Type.Object({
  unit: Type.String(),
  rulebook: RulebookRef,
  from: Type.String(),
  to: Type.String(),
  publishedAt: NullableString,
  assessments: Type.Array(AssessmentRowSchema),
});
export type AssessmentHistory = Static<typeof AssessmentHistorySchema>;

/** GET /api/v1/rulebooks: each rulebook as loaded (states, tiers, criteria with citations), not restated here. */
export const RulebooksSchema = Type.Object({ default: Type.String(), rulebooks: Type.Array(Type.Any()) });
export type Rulebooks = Static<typeof RulebooksSchema>;
