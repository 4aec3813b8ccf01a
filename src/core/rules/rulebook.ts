import { type Static, Type } from '@sinclair/typebox';

import { SETTINGS, SOURCE_PLACES } from '../cube/daily-facts.ts';

/**
 * A rulebook is data: the states a unit can be in, the tiers it assesses, and the criteria that
 * put a unit in a state, each with its citation and how sure we are of it. The schemas below are
 * both the TypeScript types and the validator the loader runs, so a file cannot drift from them.
 */

export const Bilingual = Type.Object({ vi: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export type Bilingual = Static<typeof Bilingual>;

export const Confidence = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]);
export type Confidence = Static<typeof Confidence>;

export const Comparison = Type.Union([Type.Literal('>='), Type.Literal('>')]);
export type Comparison = Static<typeof Comparison>;

const Setting = Type.Union(SETTINGS.map((s) => Type.Literal(s)));
const SourcePlace = Type.Union(SOURCE_PLACES.map((p) => Type.Literal(p)));
const WindowDays = Type.Integer({ minimum: 1, maximum: 366 });
const StateRef = Type.String({ minLength: 1, description: 'id of a state of this rulebook' });

/** Windowed count of cases of the given settings (and source, when set). */
export const CasesCondition = Type.Object(
  {
    type: Type.Literal('cases'),
    settings: Type.Array(Setting, { minItems: 1 }),
    sourceKnown: Type.Optional(Type.Boolean()),
    windowDays: WindowDays,
    op: Comparison,
    value: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** Windowed cases per `per` people (per day when `perDay`), for units with a population on record. */
export const RateCondition = Type.Object(
  {
    type: Type.Literal('rate'),
    settings: Type.Array(Setting, { minItems: 1 }),
    sourceKnown: Type.Optional(Type.Boolean()),
    windowDays: WindowDays,
    per: Type.Number({ exclusiveMinimum: 0 }),
    perDay: Type.Optional(Type.Boolean()),
    op: Comparison,
    value: Type.Number({ minimum: 0 }),
    /** Units below this population are not judged by this rate (one case would swamp it). */
    minPopulation: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** Number of clusters having at least `minCases` community cases inside the window. */
export const ClustersCondition = Type.Object(
  {
    type: Type.Literal('clusters'),
    sourceKnown: Type.Optional(Type.Boolean()),
    minCases: Type.Integer({ minimum: 1 }),
    windowDays: WindowDays,
    op: Comparison,
    value: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** Windowed count of community cases traced to one of the listed kinds of place. */
export const SourcePlacesCondition = Type.Object(
  {
    type: Type.Literal('source_places'),
    places: Type.Array(SourcePlace, { minItems: 1 }),
    windowDays: WindowDays,
    op: Comparison,
    value: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** Number of distinct households with a case inside the window. */
export const HouseholdsCondition = Type.Object(
  { type: Type.Literal('households'), windowDays: WindowDays, op: Comparison, value: Type.Number({ minimum: 0 }) },
  { additionalProperties: false },
);

/** Share of positive tests over the window, judged only when at least `minTested` tests were done. */
export const PositivityCondition = Type.Object(
  {
    type: Type.Literal('positivity'),
    windowDays: WindowDays,
    minTested: Type.Integer({ minimum: 1 }),
    op: Comparison,
    value: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);

/** An analyst-recorded factor of this type is active on the date (and its value passes, when given). */
export const RiskFactorCondition = Type.Object(
  {
    type: Type.Literal('risk_factor'),
    factor: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    op: Type.Optional(Comparison),
    value: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

/** A bordering unit of the same kind is at or above a state (neighbour pass, see docs/rulebooks.md). */
export const NeighbourCondition = Type.Object({ type: Type.Literal('neighbour'), atOrAbove: StateRef }, { additionalProperties: false });

const Counting = Type.Union([Type.Literal('at_or_above'), Type.Literal('exactly')]);

/** Share of assessed children at (or at or above) a state. */
export const ChildrenShareCondition = Type.Object(
  { type: Type.Literal('children_share'), state: StateRef, counting: Counting, op: Comparison, value: Type.Number({ minimum: 0, maximum: 1 }) },
  { additionalProperties: false },
);

/** Number of assessed children at (or at or above) a state. */
export const ChildrenCountCondition = Type.Object(
  { type: Type.Literal('children_count'), state: StateRef, counting: Counting, op: Comparison, value: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export type LeafCondition =
  | Static<typeof CasesCondition>
  | Static<typeof RateCondition>
  | Static<typeof ClustersCondition>
  | Static<typeof SourcePlacesCondition>
  | Static<typeof HouseholdsCondition>
  | Static<typeof PositivityCondition>
  | Static<typeof RiskFactorCondition>
  | Static<typeof NeighbourCondition>
  | Static<typeof ChildrenShareCondition>
  | Static<typeof ChildrenCountCondition>;

const LeafConditions = [
  CasesCondition,
  RateCondition,
  ClustersCondition,
  SourcePlacesCondition,
  HouseholdsCondition,
  PositivityCondition,
  RiskFactorCondition,
  NeighbourCondition,
  ChildrenShareCondition,
  ChildrenCountCondition,
];

/** Every part must hold (e.g. one household with a case AND contact with other households). */
export const AllCondition = Type.Object(
  { type: Type.Literal('all'), of: Type.Array(Type.Union(LeafConditions), { minItems: 2 }) },
  { additionalProperties: false },
);

export const Condition = Type.Union([...LeafConditions, AllCondition]);
export type Condition = LeafCondition | { type: 'all'; of: LeafCondition[] };
export type ConditionType = Condition['type'];

const Provenance = {
  citation: Type.String({ minLength: 1, description: 'where the rule comes from (source ids of docs/rules-evidence.md, URL)' }),
  confidence: Confidence,
  /** True only for A/B criteria; an unverified criterion's reason says the rule is inferred. */
  verified: Type.Boolean(),
  note: Type.Optional(Type.String()),
};

export const Criterion = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    tier: Type.String({ minLength: 1 }),
    state: StateRef,
    condition: Condition,
    /** What the rule says, for the rulebook page. */
    rule: Bilingual,
    /** The reason shown when it holds; `{name}` placeholders take the figures (see reason-text.ts). */
    reason: Bilingual,
    ...Provenance,
  },
  { additionalProperties: false },
);
export type Criterion = Omit<Static<typeof Criterion>, 'condition'> & { condition: Condition };

/** A step applied after the criteria: `step_down` lowers the level by one when `when` holds and `unless` does not. */
export const Adjustment = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    tier: Type.String({ minLength: 1 }),
    kind: Type.Literal('step_down'),
    when: Condition,
    unless: Type.Optional(Condition),
    rule: Bilingual,
    reason: Bilingual,
    ...Provenance,
  },
  { additionalProperties: false },
);
export type Adjustment = Omit<Static<typeof Adjustment>, 'when' | 'unless'> & { when: Condition; unless?: Condition };

export const State = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    name: Bilingual,
    colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    measures: Type.Optional(Bilingual),
  },
  { additionalProperties: false },
);
export type State = Static<typeof State>;

export const Tier = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    name: Bilingual,
    /** Unit kinds assessed in this tier; `*` takes every kind no other tier names. */
    kinds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Tier = Static<typeof Tier>;

export const NeighbourMode = Type.Union([Type.Literal('epi_only'), Type.Literal('derived')]);
export type NeighbourMode = Static<typeof NeighbourMode>;

export const RulebookFile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    version: Type.String({ minLength: 1 }),
    title: Bilingual,
    source: Type.String({ minLength: 1 }),
    /** Named values criteria refer to as "$name"; resolved at load. */
    params: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), Type.Unknown()),
    /** Neighbour rules read first-pass levels only (`epi_only`, one ring, no cascade) or derived ones too (docs/rules-evidence.md Q7). */
    neighbourMode: NeighbourMode,
    /** Ordered greenest first; the index is the level. */
    states: Type.Array(State, { minItems: 2 }),
    /** Evaluation order: finest first, so a tier can read its children's final levels. */
    tiers: Type.Array(Tier, { minItems: 1 }),
    criteria: Type.Array(Criterion, { minItems: 1 }),
    adjustments: Type.Optional(Type.Array(Adjustment)),
  },
  { additionalProperties: false },
);

export type Rulebook = Omit<Static<typeof RulebookFile>, 'criteria' | 'adjustments'> & {
  criteria: Criterion[];
  adjustments: Adjustment[];
};
