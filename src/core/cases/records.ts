import type { Setting, SourcePlace } from '../cube/daily-facts.ts';

/**
 * What intake accepts (fields: docs/intake-headers.md). No personal data: a case is an id the CDC chose, a date,
 * a unit and how it was found — never a name, phone or address.
 */
export interface CaseRecord {
  /** The CDC's case id; the idempotency key. */
  id: string;
  /** Higher replaces lower; the same version again is a no-op. */
  version: number;
  confirmedDate: string;
  /** Finest known unit code. */
  unit: string;
  setting: Setting;
  sourceKnown: boolean;
  sourcePlace: SourcePlace | null;
  cluster: string | null;
  /** Pseudonymous household id, for household-based rules. */
  household: string | null;
  /** true retracts the case: it then counts nowhere. */
  void: boolean;
}

/**
 * Tests performed and positive in a unit on a day, and the suspected cases ("Ca nghi nhiễm") the
 * CDC counted there that day when the report gives them; a later report for the same unit and
 * day replaces it, suspected cases included. No 2686 criterion reads suspected cases: they inform
 * the panel and the open API without colouring the map.
 */
export interface TestCount {
  unit: string;
  date: string;
  tested: number;
  positive: number;
  /** null: the report gave no suspected count. */
  suspected: number | null;
}

/** A number-only case report; a later one for the same unit, day, setting and source replaces it. */
export interface DailyCount {
  unit: string;
  date: string;
  setting: Setting;
  sourceKnown: boolean;
  count: number;
}

export const INTAKE_KINDS = ['cases', 'tests', 'counts'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

export interface RecordOf {
  cases: CaseRecord;
  tests: TestCount;
  counts: DailyCount;
}

export type AnyRecord = CaseRecord | TestCount | DailyCount;

/** One thing wrong with a row, naming the field; `message` is Vietnamese / English. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
  /** For unit names that matched several units or none: what the sender could have meant. */
  candidates?: Array<{ code: string; name: string; parent: string | null }>;
}

/** The key under which a later report replaces an earlier one. */
export function recordKey(kind: IntakeKind, record: AnyRecord): string {
  if (kind === 'cases') return (record as CaseRecord).id;
  if (kind === 'tests') {
    const t = record as TestCount;
    return `${t.unit}|${t.date}`;
  }
  const c = record as DailyCount;
  return `${c.unit}|${c.date}|${c.setting}|${c.sourceKnown ? 1 : 0}`;
}

/** Whether two records of one kind carry the same content (field order does not matter). */
export function sameRecord(kind: IntakeKind, a: AnyRecord, b: AnyRecord): boolean {
  if (kind === 'cases') {
    const x = a as CaseRecord;
    const y = b as CaseRecord;
    return (
      x.id === y.id &&
      x.version === y.version &&
      x.confirmedDate === y.confirmedDate &&
      x.unit === y.unit &&
      x.setting === y.setting &&
      x.sourceKnown === y.sourceKnown &&
      x.sourcePlace === y.sourcePlace &&
      x.cluster === y.cluster &&
      x.household === y.household &&
      x.void === y.void
    );
  }
  if (kind === 'tests') {
    const x = a as TestCount;
    const y = b as TestCount;
    return x.unit === y.unit && x.date === y.date && x.tested === y.tested && x.positive === y.positive && (x.suspected ?? null) === (y.suspected ?? null);
  }
  const x = a as DailyCount;
  const y = b as DailyCount;
  return x.unit === y.unit && x.date === y.date && x.setting === y.setting && x.sourceKnown === y.sourceKnown && x.count === y.count;
}
