import { type Static, Type } from '@sinclair/typebox';

import { NullableInt, NullableString, RowId } from './shared.ts';

/** Appeals (issue #18 item 5, docs/appeals.md): a committee contests a unit's colour; an analyst decides. */

const Status = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected')]);

/** Who filed or decided, as members read it: a role and the unit it covers, never a name. */
const Party = Type.Object({ role: Type.String(), unit: Type.String() }, { additionalProperties: false });

export const AppealSchema = Type.Object(
  {
    number: Type.Integer({ description: 'the appeal number, as the public panel cites it' }),
    unit: Type.String(),
    date: Type.String({ description: 'the date whose colour is contested (YYYY-MM-DD)' }),
    rulebook: Type.String(),
    contestedLevel: Type.Union([Type.Integer(), Type.Null()], { description: 'the level on that date when the appeal was filed' }),
    requestedLevel: NullableInt,
    reason: Type.String({ description: 'public once accepted' }),
    status: Status,
    filedBy: Party,
    filedAt: Type.String(),
    decidedBy: Type.Union([Party, Type.Null()]),
    decidedAt: NullableString,
    decidedLevel: NullableInt,
    decisionReason: NullableString,
    override: Type.Union([Type.Integer(), Type.Null()], { description: 'the override made on acceptance' }),
    attachments: Type.Array(
      Type.Object({ n: Type.Integer(), name: Type.String(), type: Type.String(), size: Type.Integer(), href: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type AppealDto = Static<typeof AppealSchema>;

export const AppealsSchema = Type.Object({ appeals: Type.Array(AppealSchema) });

export const AppealsQuery = Type.Object(
  {
    status: Type.Optional(Status),
    unit: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' })),
  },
  { additionalProperties: false },
);
export type AppealsQuery = Static<typeof AppealsQuery>;

export const AppealParams = Type.Object({ id: RowId(1) });
export const AppealAttachmentParams = Type.Object({ id: RowId(1), n: Type.Integer({ minimum: 1, maximum: 100 }) });

export const DecisionInput = Type.Object(
  {
    decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
    level: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, description: 'accepted: the level granted' })),
    until: Type.Optional(
      Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'accepted: the last date it holds (default: until revoked)' }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 4000, description: 'rejected: why (10–2000 characters)' })),
  },
  { additionalProperties: false },
);
export type DecisionInputDto = Static<typeof DecisionInput>;
