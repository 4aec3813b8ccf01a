import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Schemas every part of the API shares: problem documents, dates, codes, bilingual text. */

/** RFC 9457 problem details, as every error response documents it. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.Optional(Type.String()), row: Type.Optional(Type.Integer()), message: Type.String() }))),
});
export type ProblemDocument = Static<typeof ProblemSchema>;

export const DateString = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Ho_Chi_Minh)' });
export const RulebookId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'rulebook id, e.g. vn-2686 (the default)' });
export const BilingualSchema = Type.Object({ vi: Type.String(), en: Type.String() });
export type Bilingual = Static<typeof BilingualSchema>;

/** A unit's code in a path: `/units/{code}`, `/assessments/{code}`, `/cases/daily/{code}`. */
/** A unit's key (`26734`, `26734@2025-07-01`) or official code. */
export const UnitCodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}(@\\d{4}-\\d{2}-\\d{2})?$' }) });
export type UnitCodeParams = Static<typeof UnitCodeParams>;

/**
 * A count as published: exact at ward level and above; below the ward (khu phố, ấp) a band such
 * as "1–4" or "≥1000", with zero exactly "0" (docs/small-numbers.md).
 */
export const PublicCount = Type.Union([Type.Integer(), Type.String({ pattern: '^(0|\\d+–\\d+|≥\\d+)$' })], {
  description: 'exact count; below the ward a band ("0", "1–4", "5–9", "10–19", …, "≥1000"): docs/small-numbers.md',
});
/**
 * A rate as published: exact at ward level and above; below the ward the range ("33–134",
 * "≥33333") the band of its count allows, in whole numbers (docs/small-numbers.md).
 */
export const PublicRate = Type.Union([Type.Number(), Type.String({ pattern: '^(0|\\d+–\\d+|≥\\d+)$' })], {
  description: 'exact rate; below the ward a range derived from the band of the count ("33–134"): docs/small-numbers.md',
});

/**
 * A database row id in a path or query: past 2⁵³ a number is no longer exact, and "1e309" would
 * coerce to Infinity, which PostgreSQL's bigint refuses with a server error rather than no row.
 */
export const RowId = (minimum: number) => Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER });

export const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);

/**
 * A reference to a schema registered by its `$id` (app.addSchema), typed as that schema: the
 * OpenAPI document shows `$ref`, and `Static<>` still sees the shape (a bare Type.Ref is unknown).
 */
export function ref<T extends TSchema>(schema: T, options?: { description?: string }) {
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id!, options));
}

/** The answer with no body: 204 after a delete, 304 when the client's copy is current. */
export const NoContent = Type.Null();
