import { type Static, Type } from '@sinclair/typebox';

/** The audit log as an admin reads it (issue #18 item 4, docs/accounts.md). Read-only: no route edits or deletes an entry. */

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'who wrote: a user name or token label' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'what was written, e.g. user.add' })),
    // No % or _: the store matches the code with LIKE, where those would be wildcards.
    unit: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z.-]{1,40}$', description: 'a unit code the entry names, e.g. 760' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'first day (Asia/Ho_Chi_Minh), yyyy-mm-dd' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day (Asia/Ho_Chi_Minh), yyyy-mm-dd' })),
    after: Type.Optional(Type.Integer({ minimum: 1, description: 'paging: the last id of the previous page; entries older than it' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);
export type AuditQueryInput = Static<typeof AuditQuery>;

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ description: 'ISO 8601 instant (UTC)' }),
  actor: Type.String(),
  channel: Type.String(),
  action: Type.String(),
  detail: Type.Unknown({ description: 'what changed, as the writer recorded it' }),
});

export const AuditPageSchema = Type.Object({
  entries: Type.Array(AuditEntrySchema),
  /** The `after` for the next page; null on the last page. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});
