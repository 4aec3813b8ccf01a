import { type Static, Type } from '@sinclair/typebox';

import { DateString, NullableString, RowId, RulebookId } from './shared.ts';

/** The analyst's inputs: qualitative risk factors and overrides of a level, each with its reason. */

export const RiskFactorInput = Type.Object(
  {
    unit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
    type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'e.g. uncontrolled_source, f1_in_community, vaccination_coverage_18plus_1dose' }),
    from: DateString,
    to: Type.Optional(Type.Union([DateString, Type.Null()])),
    value: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    note: Type.String({ minLength: 3, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type RiskFactorInput = Static<typeof RiskFactorInput>;

export const OverrideInput = Type.Object(
  {
    unit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
    rulebook: Type.Optional(RulebookId),
    state: Type.String({ minLength: 1, maxLength: 64 }),
    from: DateString,
    until: Type.Union([DateString, Type.Null()], { description: 'expiry: last date the override holds (null = until revoked)' }),
    justification: Type.String({ minLength: 10, maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export type OverrideInput = Static<typeof OverrideInput>;

export const AnalystInputParams = Type.Object({ id: RowId(1) });
export type AnalystInputParams = Static<typeof AnalystInputParams>;

/**
 * Who recorded an input, as the public sees it: the role and the unit its token covers, never the
 * token's id, label or holder's name (those stay in the audit log). Both null when the input was
 * recorded by other means than a token.
 */
export const PublicAuthor = Type.Object(
  {
    role: Type.Union([Type.String(), Type.Null()], { description: 'e.g. analyst, admin' }),
    unit: Type.Union([Type.String(), Type.Null()], { description: 'code of the unit the role covers (79: the whole city)' }),
  },
  { additionalProperties: false },
);
export type PublicAuthor = Static<typeof PublicAuthor>;

/** A risk factor in a public answer; fields not listed here (a raw author) are never sent. */
export const PublicRiskFactor = Type.Object(
  {
    id: Type.Integer(),
    unit: Type.String(),
    type: Type.String(),
    from: Type.String(),
    to: NullableString,
    value: Type.Union([Type.Number(), Type.Null()]),
    note: Type.String(),
    author: PublicAuthor,
  },
  { additionalProperties: false },
);

export const PublicOverride = Type.Object(
  {
    id: Type.Integer(),
    unit: Type.String(),
    rulebook: Type.String(),
    state: Type.String(),
    from: Type.String(),
    until: NullableString,
    justification: Type.String(),
    author: PublicAuthor,
  },
  { additionalProperties: false },
);

export const RiskFactorsSchema = Type.Object({ riskFactors: Type.Array(PublicRiskFactor) });
export const OverridesSchema = Type.Object({ overrides: Type.Array(PublicOverride) });

/** A recorded risk factor or override, as the engine keeps it (src/core/assess/analyst-inputs.ts). */
export const AnalystInputSchema = Type.Any();
