import type { Hierarchy } from '../geo/hierarchy.ts';
import { FIELDS } from './headers.ts';
import { isBlank, parseBoolean, parseCount, parseDate, parseSetting, parseSourcePlace, parseText, type Parsed } from './field-values.ts';
import type { AnyRecord, CaseRecord, DailyCount, FieldError, IntakeKind, RecordOf, TestCount } from './records.ts';
import type { UnitResolver } from './unit-resolver.ts';

/** A row as a channel hands it over: canonical field names, raw values, and problems found while reading it. */
export interface RawRow {
  /** Position the sender sees: array index (API) or spreadsheet row number (files). */
  index: number;
  values: Record<string, unknown>;
  /** Problems the reader already found (formula cells, a line that is not JSON…). */
  errors?: FieldError[];
  /** What to keep as the rejected row's content when `values` cannot show it (a line that is not JSON). */
  raw?: Record<string, unknown>;
}

export interface ValidationContext {
  hierarchy: Hierarchy;
  resolver: UnitResolver;
  /** Unit subtrees the sender may write to; null for no restriction (the operator's CLI). */
  scopes: readonly string[] | null;
  /** Today's local date: nothing may be confirmed after it. */
  today: string;
  /** JSON senders must use canonical field names; unknown ones (a "name" column…) are refused, never stored. */
  strictFields: boolean;
}

export type Validated<K extends IntakeKind> =
  | { ok: true; index: number; record: RecordOf[K] }
  | { ok: false; index: number; id: string | null; errors: FieldError[]; raw: Record<string, unknown> };

/** Checks one row of one kind; every problem is reported, not just the first. */
export function validateRow<K extends IntakeKind>(kind: K, row: RawRow, ctx: ValidationContext): Validated<K> {
  const errors: FieldError[] = [...(row.errors ?? [])];
  const v = row.values;
  const known = FIELDS[kind];
  const raw: Record<string, unknown> = { ...row.raw };
  for (const field of known) if (v[field] !== undefined) raw[field] = v[field];
  if (ctx.strictFields) {
    for (const field of Object.keys(v)) {
      if (!known.includes(field)) errors.push({ field, code: 'unknown_field', message: `Trường không được phép "${field}" / unknown field "${field}" (no personal data)` });
    }
  }

  const take = <T>(field: string, parse: (value: unknown) => Parsed<T>, required: boolean, fallback: T): T => {
    const value = v[field];
    if (isBlank(value)) {
      if (required) errors.push({ field, code: 'missing', message: `Thiếu trường ${field} / ${field} is missing` });
      return fallback;
    }
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    errors.push({ field, code: parsed.code, message: `${field}: ${parsed.message}` });
    return fallback;
  };
  const dateOf = (value: unknown) => parseDate(value, ctx.today);

  const unitCode = take('unit', (x) => parseText(x, 40), false, null as string | null);
  const ward = take('ward', (x) => parseText(x, 100), false, null as string | null);
  const district = take('district', (x) => parseText(x, 100), false, null as string | null);
  let unit = '';
  if (!errors.some((e) => e.field === 'unit' || e.field === 'ward' || e.field === 'district')) {
    const resolved = ctx.resolver.resolve(unitCode, ward, district);
    if (resolved.ok) {
      unit = resolved.code;
      if (ctx.scopes !== null && !ctx.scopes.some((scope) => ctx.hierarchy.isWithin(unit, scope))) {
        errors.push({ field: 'unit', code: 'out_of_scope', message: `Đơn vị ${unit} ngoài phạm vi được phép gửi (${ctx.scopes.join(', ')}) / unit ${unit} is outside your scope` });
      }
    } else errors.push(resolved.error);
  }

  let record: AnyRecord;
  if (kind === 'cases') {
    const id = take('id', (x) => parseText(x, 100), true, '');
    const version = take('version', (x) => {
      const n = parseCount(x);
      return n.ok && n.value < 1 ? { ok: false as const, code: 'bad_version', message: 'phải ≥ 1 / must be at least 1' } : n;
    }, false, 1);
    const c: CaseRecord = {
      id,
      version,
      confirmedDate: take('confirmedDate', dateOf, true, ''),
      unit,
      setting: take('setting', parseSetting, true, 'community'),
      sourceKnown: take('sourceKnown', parseBoolean, true, false),
      sourcePlace: take('sourcePlace', parseSourcePlace, false, null),
      cluster: take('cluster', (x) => parseText(x, 100), false, null),
      household: take('household', (x) => parseText(x, 100), false, null),
      void: take('void', parseBoolean, false, false),
    };
    record = c;
  } else if (kind === 'tests') {
    const t: TestCount = { unit, date: take('date', dateOf, true, ''), tested: take('tested', parseCount, true, 0), positive: take('positive', parseCount, true, 0) };
    if (!errors.some((e) => e.field === 'tested' || e.field === 'positive') && t.positive > t.tested) {
      errors.push({ field: 'positive', code: 'positive_over_tested', message: `positive (${t.positive}) lớn hơn tested (${t.tested}) / positive exceeds tested` });
    }
    record = t;
  } else {
    const d: DailyCount = {
      unit,
      date: take('date', dateOf, true, ''),
      setting: take('setting', parseSetting, true, 'community'),
      sourceKnown: take('sourceKnown', parseBoolean, true, false),
      count: take('count', parseCount, true, 0),
    };
    record = d;
  }
  if (errors.length > 0) {
    const id = kind === 'cases' && typeof v.id !== 'object' && !isBlank(v.id) ? String(v.id) : null;
    return { ok: false, index: row.index, id, errors, raw };
  }
  return { ok: true, index: row.index, record: record as RecordOf[K] };
}
