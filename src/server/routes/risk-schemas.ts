import { Type } from '@sinclair/typebox';

/** Schemas shared by the levels, assessments, units and analyst routes. */

export const DateString = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' });
export const RulebookId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'rulebook id, e.g. vn-2686 (the default)' });
export const BilingualSchema = Type.Object({ vi: Type.String(), en: Type.String() });

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

export const OverrideInfoSchema = Type.Object({
  id: Type.Integer(),
  state: Type.String(),
  justification: Type.String(),
  author: Type.String(),
  from: Type.String(),
  until: Type.Union([Type.String(), Type.Null()]),
});

export const RulebookRef = Type.Object({ id: Type.String(), version: Type.String() });

export const CurrentAssessmentSchema = Type.Object(
  {
    date: Type.String(),
    level: Type.Integer({ description: "index of the rulebook's state, 0 the greenest" }),
    state: Type.String(),
    stateName: BilingualSchema,
    colour: Type.String(),
    reasons: Type.Array(Type.Ref('Reason')),
    override: Type.Union([OverrideInfoSchema, Type.Null()]),
    computedAt: Type.String(),
    rulebook: RulebookRef,
  },
  { $id: 'CurrentAssessment' },
);

export const PathToGreenSchema = Type.Object(
  {
    date: Type.Union([Type.String(), Type.Null()], { description: 'earliest date green if no new case arrives; null if not within the projection' }),
    alreadyGreen: Type.Boolean(),
    holding: Type.Array(Type.Ref('Reason'), { description: 'what holds the unit until then' }),
    horizon: Type.String(),
  },
  { $id: 'PathToGreen' },
);
