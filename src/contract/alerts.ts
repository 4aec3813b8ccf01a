import { type Static, Type } from '@sinclair/typebox';

import { BilingualSchema, DateString, NullableInt, NullableString, RowId } from './shared.ts';

/** Alerts for committees and webhooks that forward them (issue #18 item 3, docs/alerts.md). */

const UnitFilter = Type.String({ pattern: '^[0-9A-Za-z.-]{1,40}$', description: 'alerts about this unit or a unit inside it' });

export const AlertsQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'only alerts this member has not read' })),
    unacknowledged: Type.Optional(Type.Boolean({ description: 'only alerts nobody has acknowledged' })),
    unit: Type.Optional(UnitFilter),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'raised at or after this instant (ISO 8601)' })),
    after: Type.Optional(RowId(1)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const AlertSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String({ description: 'rule:unit:date…: the same alert has the same key on every instance' }),
  rule: Type.String({ description: 'the rule’s id in data/alert-rules.json, or appeal, or reward' }),
  kind: Type.String({ description: 'level_rose, first_unknown_source, red_for_days, stale_data, campaign_behind_pace, appeal, reward' }),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  date: DateString,
  level: NullableInt,
  message: BilingualSchema,
  detail: Type.Unknown(),
  raisedAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when this member read it' }),
  acknowledged: Type.Union([Type.Object({ by: Type.String(), at: Type.String({ format: 'date-time' }) }), Type.Null()]),
});
export type AlertDto = Static<typeof AlertSchema>;

export const AlertPageSchema = Type.Object({
  alerts: Type.Array(AlertSchema),
  /** The `after` for the next (older) page; null on the last page. */
  next: NullableInt,
});

export const AlertParams = Type.Object({ id: RowId(1) });

export const WebhookInputSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http:// or https:// URL the alerts are POSTed to' }),
    scope: Type.String({ pattern: '^[0-9A-Za-z.-]{1,40}$', description: 'alerts about units within this one' }),
    rules: Type.Optional(Type.Union([Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), { minItems: 1, maxItems: 50 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  scope: Type.String(),
  rules: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type WebhookDto = Static<typeof WebhookSchema>;

export const NewWebhookSchema = Type.Intersect([
  WebhookSchema,
  Type.Object({ secret: Type.String({ description: 'the signing secret: shown this once, keep it with the receiver' }) }),
]);

export const WebhooksSchema = Type.Object({ webhooks: Type.Array(WebhookSchema) });
export const WebhookParams = Type.Object({ id: RowId(1) });

export const DeliveriesSchema = Type.Object({
  deliveries: Type.Array(
    Type.Object({
      id: Type.Integer({ description: 'the X-VungXanh-Delivery id' }),
      alert: Type.Integer(),
      status: Type.String({ description: 'pending, delivered, failed (gave up) or cancelled (webhook deleted)' }),
      createdAt: Type.String({ format: 'date-time' }),
      deliveredAt: NullableString,
      nextAttemptAt: NullableString,
      attempts: Type.Array(
        Type.Object({ attempt: Type.Integer(), at: Type.String(), statusCode: NullableInt, durationMs: Type.Integer(), error: NullableString }),
      ),
    }),
  ),
});
