import { type Static, Type } from '@sinclair/typebox';

import { ReasonSchema, RulebookRef } from './risk.ts';
import { BilingualSchema, NullableString, ref } from './shared.ts';

/**
 * A steering committee's dashboard of one unit (issue #18 item 2, docs/accounts.md): members whose
 * scope holds the unit only, exact figures, private and uncached.
 */

const Level = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: "index of the rulebook's state, 0 the greenest; null: no level" });
const Change = Type.Union([Type.Integer(), Type.Null()], { description: 'level now minus level then: positive is worse; null when either is unknown' });

const UnitRef = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() });

export const DashboardChildSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  today: Level,
  yesterday: Level,
  baseline: Level,
  sinceYesterday: Change,
  sinceStart: Change,
  cases14: Type.Integer({ description: 'community cases in the 14-day window ending today' }),
  greenOn: NullableString,
  /** Whether it has units below it: the page offers to drill down into it. */
  hasChildren: Type.Boolean(),
});

export const DashboardSchema = Type.Object({
  unit: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), parent: NullableString }),
  /** The unit's ancestors within the member's scope, the scope's root first: where the page may climb back to. */
  breadcrumbs: Type.Array(UnitRef),
  date: Type.String({ description: 'today: the latest date the levels run to' }),
  yesterday: Type.String(),
  rulebook: RulebookRef,
  states: Type.Array(Type.Object({ id: Type.String(), name: BilingualSchema, colour: Type.String() })),
  campaign: Type.Union([
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      nameEn: NullableString,
      firstDate: Type.String(),
      baselineDate: Type.String({ description: 'the day before the campaign began: its baseline levels' }),
    }),
    Type.Null(),
  ]),
  level: Type.Object({ today: Level, yesterday: Level, baseline: Level, sinceYesterday: Change, sinceStart: Change }),
  /** Children per level (index = level) today, yesterday and at the campaign's start. */
  counts: Type.Object({ today: Type.Array(Type.Integer()), yesterday: Type.Array(Type.Integer()), baseline: Type.Array(Type.Integer()) }),
  children: Type.Array(DashboardChildSchema),
  /** Units anywhere below whose level rose since yesterday, reddest first. */
  worsened: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      parentName: NullableString,
      yesterday: Type.Integer(),
      today: Type.Integer(),
    }),
  ),
  closestToGreen: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      level: Type.Integer(),
      greenOn: NullableString,
      holding: Type.Array(ref(ReasonSchema), { description: 'what holds it back until then' }),
    }),
  ),
  /** Daily cases and tests of the unit (its whole subtree), for charts. */
  series: Type.Array(
    Type.Object({
      date: Type.String(),
      community: Type.Integer(),
      other: Type.Integer(),
      tested: Type.Union([Type.Integer(), Type.Null()]),
      positive: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  freshness: Type.Object({
    lastCaseDate: NullableString,
    lastTestDate: NullableString,
    lastCaseReceivedAt: Type.Union([Type.String(), Type.Null()], { description: 'ISO instant the latest case row of the subtree arrived' }),
    lastTestReceivedAt: Type.Union([Type.String(), Type.Null()], { description: 'ISO instant the latest test row of the subtree arrived' }),
  }),
  /** Its place in the active campaign's live standings; null when its kind does not compete (or no campaign). */
  standing: Type.Union([
    Type.Object({
      campaign: Type.String(),
      group: Type.String(),
      date: Type.String(),
      rank: Type.Union([Type.Integer(), Type.Null()]),
      ranked: Type.Integer(),
      rankInParent: Type.Union([Type.Integer(), Type.Null()]),
      inParent: Type.Integer({ description: 'ranked units of its group with the same parent' }),
      explanation: BilingualSchema,
    }),
    Type.Null(),
  ]),
});
export type DashboardDto = Static<typeof DashboardSchema>;
