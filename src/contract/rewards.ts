import { type Static, Type } from '@sinclair/typebox';

import { CriterionSchema, FormSchema, SchemeInputSchema } from '../core/rewards/reward-scheme.ts';
import { BilingualSchema, DateString, RowId } from './shared.ts';

/** Rewards (issue #19, docs/rewards.md): the scheme, nominations, decisions and what the public sees. */

export { SchemeInputSchema };
export type SchemeInputDto = Static<typeof SchemeInputSchema>;

export const RewardSchemeSchema = Type.Object(
  {
    campaign: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    createdAt: Type.String(),
    criteria: Type.Array(CriterionSchema),
    forms: Type.Array(FormSchema),
  },
  { additionalProperties: false },
);
export type RewardSchemeDto = Static<typeof RewardSchemeSchema>;

export const SchemeQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }, { additionalProperties: false });

const Facts = Type.Object(
  {
    greenSince: Type.Optional(Type.String()),
    daysGreen: Type.Optional(Type.Integer()),
    reduction: Type.Optional(Type.Integer()),
    baseline: Type.Optional(Type.Integer()),
    current: Type.Optional(Type.Integer()),
    rank: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export const RewardCandidatesQuery = Type.Object(
  {
    group: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    within: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' })),
  },
  { additionalProperties: false },
);

export const RewardCandidatesSchema = Type.Object({
  campaign: Type.String(),
  date: Type.String(),
  schemeVersion: Type.Integer(),
  candidates: Type.Array(
    Type.Object({
      unit: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      parent: Type.Union([Type.String(), Type.Null()]),
      parentName: Type.Union([Type.String(), Type.Null()]),
      criteria: Type.Array(Type.Object({ id: Type.String(), vi: Type.String(), en: Type.String(), facts: Facts })),
    }),
  ),
});
export type RewardCandidatesDto = Static<typeof RewardCandidatesSchema>;

const Status = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('returned'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
  Type.Literal('accepted'),
  Type.Literal('approved'),
  Type.Literal('published'),
]);
const Party = Type.Object({ role: Type.String(), unit: Type.String() }, { additionalProperties: false });
const Person = Type.Object(
  { name: Type.String(), position: Type.String(), kind: Type.Union([Type.Literal('official'), Type.Literal('volunteer')]) },
  { additionalProperties: false },
);

export const NominationSchema = Type.Object(
  {
    number: Type.Integer(),
    campaign: Type.String(),
    schemeVersion: Type.Integer(),
    subject: Type.Union([Type.Literal('collective'), Type.Literal('individual')]),
    unit: Type.String(),
    unitName: Type.String(),
    form: Type.String(),
    formName: BilingualSchema,
    grantingUnit: Type.String(),
    grantingUnitName: Type.String(),
    criterion: Type.String(),
    criterionText: BilingualSchema,
    facts: Facts,
    person: Type.Optional(Person),
    summary: Type.String(),
    attachments: Type.Array(
      Type.Object({ n: Type.Integer(), name: Type.String(), type: Type.String(), size: Type.Integer(), href: Type.String() }, { additionalProperties: false }),
    ),
    status: Status,
    proposedBy: Party,
    history: Type.Array(Type.Object({ status: Status, at: Type.String(), by: Party, reason: Type.Optional(Type.String()) }, { additionalProperties: false })),
    decision: Type.Optional(Type.Object({ id: Type.Integer(), number: Type.String(), date: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type NominationDto = Static<typeof NominationSchema>;

export const QuotaUseSchema = Type.Object({
  form: Type.String(),
  grantingUnit: Type.String(),
  subject: Type.String(),
  quota: Type.Integer(),
  used: Type.Integer(),
});

export const NominationsSchema = Type.Object({ nominations: Type.Array(NominationSchema), quotas: Type.Array(QuotaUseSchema) });

export const NominationsQuery = Type.Object(
  {
    status: Type.Optional(Status),
    unit: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' })),
    form: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
  },
  { additionalProperties: false },
);
export type NominationsQueryDto = Static<typeof NominationsQuery>;

export const CampaignRewardParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) });
export const NominationParams = Type.Object({ n: RowId(1) });
export const NominationAttachmentParams = Type.Object({ n: RowId(1), k: Type.Integer({ minimum: 1, maximum: 100 }) });
export const DecisionParams = Type.Object({ id: RowId(1) });
export const CertificateParams = Type.Object({ id: RowId(1), n: RowId(1) });

export const ReviewInput = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('return'), Type.Literal('reject')]),
    reason: Type.Optional(Type.String({ maxLength: 4000, description: 'return, reject: why (10–2000 characters), read by the committee' })),
  },
  { additionalProperties: false },
);
export type ReviewInputDto = Static<typeof ReviewInput>;

const Signer = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), title: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);
const DecisionNumber = Type.String({ maxLength: 60, description: 'number and symbol as signed: 1234/QĐ-UBND' });

export const RewardDecisionInput = Type.Object(
  {
    form: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    grantingUnit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
    number: DecisionNumber,
    date: DateString,
    signer: Signer,
    nominations: Type.Array(RowId(1), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type RewardDecisionInputDto = Static<typeof RewardDecisionInput>;

export const SupersedeInput = Type.Object(
  {
    reason: Type.String({ maxLength: 4000 }),
    number: DecisionNumber,
    date: DateString,
    signer: Signer,
    nominations: Type.Array(RowId(1), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type SupersedeInputDto = Static<typeof SupersedeInput>;

export const RewardDecisionSchema = Type.Object(
  {
    id: Type.Integer(),
    campaign: Type.String(),
    form: Type.String(),
    grantingUnit: Type.String(),
    number: Type.String(),
    date: Type.String(),
    signer: Type.Object({ name: Type.String(), title: Type.String() }),
    status: Type.Union([Type.Literal('approved'), Type.Literal('published'), Type.Literal('superseded')]),
    nominations: Type.Array(Type.Integer()),
    supersedes: Type.Optional(Type.Integer()),
    supersededBy: Type.Optional(Type.Integer()),
    supersededReason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RewardDecisionDto = Static<typeof RewardDecisionSchema>;

export const PublicRewardsSchema = Type.Object({
  campaign: Type.String(),
  decisions: Type.Array(
    Type.Object(
      {
        number: Type.String(),
        date: Type.String(),
        form: Type.String(),
        formName: BilingualSchema,
        grantingUnitName: Type.String(),
        recipients: Type.Array(
          Type.Object(
            {
              subject: Type.Union([Type.Literal('collective'), Type.Literal('individual')]),
              name: Type.String(),
              position: Type.Optional(Type.String()),
              unitName: Type.String(),
              criterionText: BilingualSchema,
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
});
export type PublicRewardsDto = Static<typeof PublicRewardsSchema>;

export const SubmissionQuery = Type.Object(
  {
    form: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    grantingUnit: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }),
  },
  { additionalProperties: false },
);

/** A refusal of the rewards routes: a problem document, with the reward quota's or criterion's members when it is one of those. */
export const RewardProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.Optional(Type.String()), row: Type.Optional(Type.Integer()), message: Type.String() }))),
  form: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  quota: Type.Optional(Type.Integer()),
  used: Type.Optional(Type.Integer()),
  criterion: Type.Optional(Type.String()),
  facts: Type.Optional(Facts),
});
