import { type Static, Type } from '@sinclair/typebox';

import { DateString, RowId, RulebookId } from './shared.ts';

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

export const RiskFactorsSchema = Type.Object({ riskFactors: Type.Array(Type.Any()) });
export const OverridesSchema = Type.Object({ overrides: Type.Array(Type.Any()) });

/** A recorded risk factor or override, as the engine keeps it (src/core/assess/analyst-inputs.ts). */
export const AnalystInputSchema = Type.Any();
