import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

import { isCalendarDate } from '../appeals/appeal.ts';

/**
 * A campaign's reward scheme (issue #19 item 1, docs/rewards.md): the criteria that qualify a
 * collective or an individual and the forms of reward (Bằng khen, Giấy khen…) with the level that
 * grants each and its quotas. Data, not code: the Board edits it, each edit is a new version, and
 * every nomination stamps the version it was made under.
 */
export const SUBJECTS = ['collective', 'individual'] as const;
export type Subject = (typeof SUBJECTS)[number];
/** The level of government that grants a form: the city (the hierarchy's root) or a district (the root's child). */
export const TIERS = ['city', 'district'] as const;
export type Tier = (typeof TIERS)[number];

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Text = Type.String({ minLength: 1, maxLength: 300 });
const Subject = Type.Union(SUBJECTS.map((s) => Type.Literal(s)));

const RuleSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('reachedGreen'), byDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), heldDays: Type.Integer({ minimum: 1, maximum: 366 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('heldGreen') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('largestReduction'), top: Type.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('described') }, { additionalProperties: false }),
]);

export const CriterionSchema = Type.Object({ id: Id, subject: Subject, vi: Text, en: Text, rule: RuleSchema }, { additionalProperties: false });

const Quota = Type.Integer({ minimum: 0, maximum: 100_000 });
export const FormSchema = Type.Object(
  {
    id: Id,
    vi: Text,
    en: Text,
    /** The document's own name, as the certificate is titled: "Bằng khen", "Giấy khen". */
    document: Type.String({ minLength: 1, maxLength: 60 }),
    tier: Type.Union(TIERS.map((t) => Type.Literal(t))),
    subjects: Type.Array(Subject, { minItems: 1, maxItems: 2, uniqueItems: true }),
    quota: Type.Object({ collective: Type.Optional(Quota), individual: Type.Optional(Quota) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const SchemeInputSchema = Type.Object(
  {
    criteria: Type.Array(CriterionSchema, { minItems: 1, maxItems: 50 }),
    forms: Type.Array(FormSchema, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export type Criterion = Static<typeof CriterionSchema>;
export type RewardForm = Static<typeof FormSchema>;
export type SchemeInput = Static<typeof SchemeInputSchema>;

/** A stored version of a campaign's scheme. */
export interface RewardScheme extends SchemeInput {
  campaign: string;
  version: number;
  createdAt: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** `/forms/1/quota/collective` → `forms[1].quota.collective`: the field as a person reads it. */
export function fieldOfPath(path: string): string {
  return path
    .replace(/^\//, '')
    .split('/')
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/**
 * Checks a scheme as sent (API body, the campaign's .rewards.json) and names every faulty field:
 * the shape first, then what the shape cannot say (ids unique, a quota for every subject a form
 * allows, criteria subjects that some form takes, real dates).
 */
export function validateScheme(input: unknown): { ok: true; scheme: SchemeInput } | { ok: false; errors: FieldError[] } {
  if (!Value.Check(SchemeInputSchema, input)) {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    for (const e of Value.Errors(SchemeInputSchema, input)) {
      const field = fieldOfPath(e.path) || '(body)';
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message: e.message });
    }
    return { ok: false, errors };
  }
  const errors: FieldError[] = [];
  const criterionIds = new Set<string>();
  input.criteria.forEach((c, i) => {
    if (criterionIds.has(c.id)) errors.push({ field: `criteria[${i}].id`, message: `trùng mã ${c.id} / id ${c.id} is used twice` });
    criterionIds.add(c.id);
    if (c.rule.type === 'reachedGreen' && !isCalendarDate(c.rule.byDate))
      errors.push({ field: `criteria[${i}].rule.byDate`, message: 'không phải ngày có thật / is not a real date' });
    if (c.rule.type === 'described' && c.subject === 'collective')
      errors.push({
        field: `criteria[${i}].rule.type`,
        message: 'tập thể cần tiêu chí tính từ bảng xếp hạng / a collective criterion must be computed from the standings',
      });
    if (c.rule.type !== 'described' && c.subject === 'individual')
      errors.push({ field: `criteria[${i}].rule.type`, message: 'tiêu chí cá nhân là mô tả (described) / an individual criterion is described' });
  });
  const formIds = new Set<string>();
  input.forms.forEach((f, i) => {
    if (formIds.has(f.id)) errors.push({ field: `forms[${i}].id`, message: `trùng mã ${f.id} / id ${f.id} is used twice` });
    formIds.add(f.id);
    for (const s of f.subjects)
      if (f.quota[s] === undefined) errors.push({ field: `forms[${i}].quota.${s}`, message: `cần chỉ tiêu cho ${s} / a quota is required for ${s}` });
    for (const s of SUBJECTS)
      if (f.quota[s] !== undefined && !f.subjects.includes(s))
        errors.push({ field: `forms[${i}].quota.${s}`, message: `hình thức không dành cho ${s} / the form is not for ${s}` });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, scheme: { criteria: input.criteria, forms: input.forms } };
}
