import type { Hierarchy } from '../geo/hierarchy.ts';
import { hasLoneSurrogate } from '../text/lone-surrogate.ts';
import { isBlank, parseBoolean, parseCount, type Parsed, parseDate, parseSetting, parseSourcePlace, parseText } from './field-values.ts';
import { COLUMN_NAME, FIELDS } from './headers.ts';
import { refusePersonalData } from './personal-data.ts';
import { type AnyRecord, type CaseRecord, type DailyCount, type FieldError, type IntakeKind, recordKey, type RecordOf, type TestCount } from './records.ts';
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
  | { ok: true; index: number; record: RecordOf[K]; /** For the accepted row: how its unit was read (a former district name). */ note?: string }
  | { ok: false; index: number; id: string | null; errors: FieldError[]; raw: Record<string, unknown>; /** See Rejection.key. */ key: string | null };

/** Checks one row of one kind; every problem is reported, not just the first. */
export function validateRow<K extends IntakeKind>(kind: K, row: RawRow, ctx: ValidationContext): Validated<K> {
  const errors: FieldError[] = row.errors ? [...row.errors] : [];
  const v = row.values;
  const known = FIELDS[kind];
  const knownSet = KNOWN[kind];
  if (ctx.strictFields) {
    for (const field in v) {
      if (!knownSet.has(field))
        errors.push({ field, code: 'unknown_field', message: `Trường không được phép "${field}" / unknown field "${field}" (no personal data)` });
    }
  }

  const unitCode = take(v, errors, ctx.today, 'unit', text40, false, null as string | null);
  const ward = take(v, errors, ctx.today, 'ward', text100, false, null as string | null);
  const district = take(v, errors, ctx.today, 'district', text100, false, null as string | null);
  const neighbourhood = take(v, errors, ctx.today, 'neighbourhood', text100, false, null as string | null);
  let unit = '';
  let note: string | undefined;
  if (!errors.some((e) => e.field === 'unit' || e.field === 'ward' || e.field === 'district')) {
    // The common case, a known code, skips the name resolver.
    // The hierarchy's own code string is kept, not the row's copy: a batch holds 100,000 records
    // until its commit, and one shared string per unit is less for the garbage collector to move.
    // Codes and names are read on the row's date (2025 communes reuse 2021 ward codes); a row
    // without a valid date is refused for it, and its unit is read on today's tree meanwhile.
    const dated = rowDate(kind, v, ctx.today);
    const listed = unitCode !== null ? ctx.resolver.unitOn(unitCode, dated) : undefined;
    const resolved = listed !== undefined ? { ok: true as const, code: listed.code } : ctx.resolver.resolve(unitCode, ward, district, dated);
    // A neighbourhood named within the ward (a "Khu phố/Ấp" column): the row counts for it, and
    // through the cube for its ward and above; a row without one counts for the ward.
    const inWard = resolved.ok && neighbourhood !== null ? ctx.resolver.neighbourhoodOf(resolved.code, neighbourhood, dated) : null;
    if (inWard && !inWard.ok) errors.push(inWard.error);
    else if (resolved.ok) {
      unit = inWard?.ok ? inWard.code : resolved.code;
      if (resolved.note !== undefined) note = resolved.note;
      if (ctx.scopes !== null && !inScope(ctx, unit)) {
        errors.push({ field: 'unit', code: 'out_of_scope', message: outOfScope(ctx, unit) });
      }
    } else errors.push(ctx.scopes === null ? resolved.error : withinScope(ctx, resolved.error));
  }

  let record: AnyRecord;
  if (kind === 'cases') {
    const id = take(v, errors, ctx.today, 'id', label100, true, '');
    const version = take(v, errors, ctx.today, 'version', parseVersion, false, 1);
    const c: CaseRecord = {
      id,
      version,
      confirmedDate: take(v, errors, ctx.today, 'confirmedDate', cachedDate, true, ''),
      unit,
      setting: take(v, errors, ctx.today, 'setting', cachedSetting, true, 'community'),
      sourceKnown: take(v, errors, ctx.today, 'sourceKnown', cachedBoolean, true, false),
      sourcePlace: take(v, errors, ctx.today, 'sourcePlace', parseSourcePlace, false, null),
      cluster: take(v, errors, ctx.today, 'cluster', label100, false, null),
      household: take(v, errors, ctx.today, 'household', label100, false, null),
      void: take(v, errors, ctx.today, 'void', cachedBoolean, false, false),
    };
    record = c;
  } else if (kind === 'tests') {
    const t: TestCount = {
      unit,
      date: take(v, errors, ctx.today, 'date', cachedDate, true, ''),
      tested: take(v, errors, ctx.today, 'tested', parseCount, true, 0),
      positive: take(v, errors, ctx.today, 'positive', parseCount, true, 0),
      suspected: take(v, errors, ctx.today, 'suspected', parseCount, false, null as number | null),
    };
    if (!errors.some((e) => e.field === 'tested' || e.field === 'positive') && t.positive > t.tested) {
      errors.push({
        field: 'positive',
        code: 'positive_over_tested',
        message: `positive (${t.positive}) lớn hơn tested (${t.tested}) / positive exceeds tested`,
      });
    }
    record = t;
  } else {
    const d: DailyCount = {
      unit,
      date: take(v, errors, ctx.today, 'date', cachedDate, true, ''),
      setting: take(v, errors, ctx.today, 'setting', cachedSetting, true, 'community'),
      sourceKnown: take(v, errors, ctx.today, 'sourceKnown', cachedBoolean, true, false),
      count: take(v, errors, ctx.today, 'count', parseCount, true, 0),
    };
    record = d;
  }
  if (errors.length > 0) {
    // Only known fields are kept: an unknown column may hold personal data.
    const raw: Record<string, unknown> = { ...row.raw };
    for (const field of known) if (v[field] !== undefined) raw[field] = v[field];
    const id = kind === 'cases' && typeof v.id !== 'object' && !isBlank(v.id) ? storableOrNull(String(v.id)) : null;
    return { ok: false, index: row.index, id, errors, raw, key: keyOfRefused(kind, record, errors) };
  }
  return note === undefined
    ? { ok: true, index: row.index, record: record as RecordOf[K] }
    : { ok: true, index: row.index, record: record as RecordOf[K], note };
}

/**
 * The key of a refused row's record when the fields that make it were read without fault, so
 * the record landing later (the row fixed and sent again) closes the reject: a case's id; a test
 * report's unit and date; a count's unit, date, setting and source.
 */
function keyOfRefused(kind: IntakeKind, record: AnyRecord, errors: readonly FieldError[]): string | null {
  const fields = KEY_FIELDS[kind];
  if (errors.some((e) => fields.has(e.field))) return null;
  if (kind !== 'cases' && (record as TestCount).unit === '') return null;
  return recordKey(kind, record);
}

/** The fields a record's key is made of (a unit is also named by ward and district). */
const KEY_FIELDS: Record<IntakeKind, ReadonlySet<string>> = {
  cases: new Set(['id']),
  tests: new Set(['unit', 'ward', 'district', 'date']),
  counts: new Set(['unit', 'ward', 'district', 'date', 'setting', 'sourceKnown']),
};

/*
 * A million rows carry a few hundred distinct dates and a handful of setting words: parse each
 * distinct text once. Bounded, so a hostile file of unique strings cannot grow them without end.
 */
const dateCache = new Map<string, Parsed<string>>();
const settingCache = new Map<string, ReturnType<typeof parseSetting>>();

/** The day the cached answers were computed for ("in the future" depends on it). */
let dateCacheDay = '';

function cachedDate(value: unknown, today: string): Parsed<string> {
  if (typeof value !== 'string') return parseDate(value, today);
  // Keyed by the text alone (no per-row key string to build and hash); a new day starts afresh.
  if (today !== dateCacheDay) {
    dateCache.clear();
    dateCacheDay = today;
  }
  let parsed = dateCache.get(value);
  if (!parsed) {
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(value, (parsed = parseDate(value, today)));
  }
  return parsed;
}

const booleanCache = new Map<string, Parsed<boolean>>();

const TRUE: Parsed<boolean> = { ok: true, value: true };
const FALSE: Parsed<boolean> = { ok: true, value: false };

function cachedBoolean(value: unknown): Parsed<boolean> {
  // JSON senders give real booleans: answer without allocating a result per row.
  if (value === true) return TRUE;
  if (value === false) return FALSE;
  if (typeof value !== 'string') return parseBoolean(value);
  let parsed = booleanCache.get(value);
  if (!parsed) {
    if (booleanCache.size > 1000) booleanCache.clear();
    booleanCache.set(value, (parsed = parseBoolean(value)));
  }
  return parsed;
}

function cachedSetting(value: unknown): ReturnType<typeof parseSetting> {
  if (typeof value !== 'string') return parseSetting(value);
  let parsed = settingCache.get(value);
  if (!parsed) {
    if (settingCache.size > 1000) settingCache.clear();
    settingCache.set(value, (parsed = parseSetting(value)));
  }
  return parsed;
}

/** The date a row describes (a case's confirmed date, a count's date), or today when it has none that parses. */
function rowDate(kind: IntakeKind, v: Record<string, unknown>, today: string): string {
  const value = v[kind === 'cases' ? 'confirmedDate' : 'date'];
  if (isBlank(value)) return today;
  const parsed = cachedDate(value, today);
  return parsed.ok ? parsed.value : today;
}

type FieldParser<T> = (value: unknown, today: string) => Parsed<T>;

/** Reads one field into `errors` or a value; module-level so a million rows allocate no closures. */
function take<T>(v: Record<string, unknown>, errors: FieldError[], today: string, field: string, parse: FieldParser<T>, required: boolean, fallback: T): T {
  const value = v[field];
  // Plain text (most ids, codes and household ids) needs no parser and no result object.
  if ((parse === (text100 as FieldParser<unknown>) && isPlainText(value, 100)) || (parse === (text40 as FieldParser<unknown>) && isPlainText(value, 40)))
    return value as T;
  if (isBlank(value)) {
    if (required)
      errors.push({ field, code: 'missing', message: `Thiếu cột "${COLUMN_NAME[field]}" (${field}) / ${field} is missing (column "${COLUMN_NAME[field]}")` });
    return fallback;
  }
  const parsed = parse(value, today);
  if (parsed.ok) return parsed.value;
  errors.push({ field, code: parsed.code, message: `${field}: ${parsed.message}` });
  return fallback;
}

const text40: FieldParser<string> = (x) => (isPlainText(x, 40) ? { ok: true, value: x } : parseText(x, 40));
const text100: FieldParser<string> = (x) => (isPlainText(x, 100) ? { ok: true, value: x } : parseText(x, 100));
/** A case's own labels (id, cluster, household): text that is not a phone, ID number or e-mail (personal-data.ts). */
const label100: FieldParser<string> = (x, today) => {
  const text = text100(x, today);
  return text.ok ? refusePersonalData(text.value) : text;
};

/** Text that needs no trimming or checking: most ids and codes, tested without a regular expression. */
function isPlainText(x: unknown, max: number): x is string {
  if (typeof x !== 'string' || x.length > max || x.length === 0) return false;
  if (x.charCodeAt(0) <= 32 || x.charCodeAt(x.length - 1) <= 32) return false;
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    // Control characters and surrogates (paired or not) go the long way, through parseText's checks.
    if (c < 32 || c === 127 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

function parseVersion(value: unknown): Parsed<number> {
  const n = parseCount(value);
  return n.ok && n.value < 1 ? { ok: false, code: 'bad_version', message: 'phải ≥ 1 / must be at least 1' } : n;
}

const KNOWN: Record<IntakeKind, ReadonlySet<string>> = {
  cases: new Set(FIELDS.cases),
  tests: new Set(FIELDS.tests),
  counts: new Set(FIELDS.counts),
};

/** Scope answers per context and unit: a batch names a few hundred units thousands of times. */
const scopeMemo = new WeakMap<ValidationContext, Map<string, boolean>>();

/** "Phường Võ Thị Sáu, Quận 3 (27139) is outside your scope (Quận 1, 760)": names an officer recognises, with the codes. */
function outOfScope(ctx: ValidationContext, unit: string): string {
  const named = (code: string) => {
    const u = ctx.hierarchy.get(code);
    const parent = u?.parentCode ? ctx.hierarchy.get(u.parentCode) : undefined;
    return u ? `${u.name}${parent && parent.parentCode !== null ? `, ${parent.name}` : ''} (${code})` : code;
  };
  const scopes = ctx.scopes!.map(named).join('; ');
  return `${named(unit)} ngoài phạm vi được phép gửi: ${scopes} / ${named(unit)} is outside your scope: ${scopes}`;
}

/** A sender scoped to a subtree is offered only the candidates it may send for: the others would be refused. */
function withinScope(ctx: ValidationContext, error: FieldError): FieldError {
  if (!error.candidates?.length) return error;
  const candidates = error.candidates.filter((c) => inScope(ctx, c.code));
  if (candidates.length === error.candidates.length) return error;
  const note = candidates.length === 0 ? ' (không đơn vị nào trong phạm vi của bạn / none within your scope)' : '';
  return { ...error, message: error.message + note, candidates };
}

function inScope(ctx: ValidationContext, unit: string): boolean {
  let memo = scopeMemo.get(ctx);
  if (!memo) scopeMemo.set(ctx, (memo = new Map()));
  let answer = memo.get(unit);
  if (answer === undefined) memo.set(unit, (answer = ctx.scopes!.some((scope) => ctx.hierarchy.isWithin(unit, scope))));
  return answer;
}

/**
 * A refused row's id, kept to name the reject, unless no database could store it: a NUL
 * (PostgreSQL refuses it in text) or half a surrogate pair. The row itself is kept in `raw`, as
 * JSON, where both are escaped.
 */
function storableOrNull(id: string): string | null {
  return id.includes('\u0000') || hasLoneSurrogate(id) ? null : id;
}
