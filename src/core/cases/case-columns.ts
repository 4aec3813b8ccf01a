import { SETTINGS, SOURCE_PLACES } from '../cube/daily-facts.ts';
import type { CaseRecord } from './records.ts';

/**
 * Validated case records of one part, column by column: how a file's cases travel from its
 * reading thread to the writing one, and how the writer reads them. Structured-cloning a thousand
 * small objects costs the receiver about 2 µs a record; typed arrays move without copying,
 * repeated strings (units, dates) travel once, and the writer binds ledger rows straight from
 * the columns instead of rebuilding an object per record.
 */
export interface CaseColumns {
  count: number;
  /** The row's position in its file, as in a rejection. */
  index: Int32Array;
  id: string[];
  version: Float64Array;
  /** Index into `units`. */
  unit: Uint16Array;
  units: string[];
  /** Index into `dates`. */
  date: Uint16Array;
  dates: string[];
  /** Index into SETTINGS. */
  setting: Uint8Array;
  /** SOURCE_KNOWN, VOID, and REPEATED when the same id comes more than once in the part. */
  flags: Uint8Array;
  /** Index into SOURCE_PLACES, or NO_PLACE. */
  place: Uint8Array;
  cluster: Array<string | null>;
  household: Array<string | null>;
}

export const NO_PLACE = 255;
export const SOURCE_KNOWN = 1;
export const VOID = 2;
/**
 * The part holds this row's id more than once. Marked by the reading thread, which has time to
 * spare, so that the writer (the import's bottleneck) needs no set of the part's ids to find
 * the rows the ledger rules must compare.
 */
export const REPEATED = 4;
const SETTING_INDEX = new Map<string, number>(SETTINGS.map((s, i) => [s, i]));
const PLACE_INDEX = new Map<string, number>(SOURCE_PLACES.map((p, i) => [p, i]));

export function encodeCases(rows: ReadonlyArray<{ index: number; record: CaseRecord }>): CaseColumns {
  const n = rows.length;
  const c: CaseColumns = {
    count: n,
    index: new Int32Array(n),
    id: new Array(n),
    version: new Float64Array(n),
    unit: new Uint16Array(n),
    units: [],
    date: new Uint16Array(n),
    dates: [],
    setting: new Uint8Array(n),
    flags: new Uint8Array(n),
    place: new Uint8Array(n),
    cluster: new Array(n),
    household: new Array(n),
  };
  const unitIndex = new Map<string, number>();
  const dateIndex = new Map<string, number>();
  const seen = new Set<string>();
  let repeated: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const { index, record: r } = rows[i];
    c.index[i] = index;
    c.id[i] = r.id;
    c.version[i] = r.version;
    let u = unitIndex.get(r.unit);
    if (u === undefined) {
      unitIndex.set(r.unit, (u = c.units.length));
      c.units.push(r.unit);
    }
    c.unit[i] = u;
    let d = dateIndex.get(r.confirmedDate);
    if (d === undefined) {
      dateIndex.set(r.confirmedDate, (d = c.dates.length));
      c.dates.push(r.confirmedDate);
    }
    c.date[i] = d;
    c.setting[i] = SETTING_INDEX.get(r.setting)!;
    c.flags[i] = (r.sourceKnown ? SOURCE_KNOWN : 0) | (r.void ? VOID : 0);
    c.place[i] = r.sourcePlace === null ? NO_PLACE : PLACE_INDEX.get(r.sourcePlace)!;
    c.cluster[i] = r.cluster;
    c.household[i] = r.household;
    if (seen.has(r.id)) (repeated ??= new Set()).add(r.id);
    else seen.add(r.id);
  }
  if (repeated !== null) for (let i = 0; i < n; i++) if (repeated.has(c.id[i])) c.flags[i] |= REPEATED;
  return c;
}

/** The typed arrays of a part, to transfer rather than copy. */
export function transferables(c: CaseColumns): ArrayBuffer[] {
  return [c.index, c.version, c.unit, c.date, c.setting, c.flags, c.place].map((a) => a.buffer as ArrayBuffer);
}

/** Row `i` as a record: for the few rows the ledger rules must look at one by one, and for writers without a column path. */
export function caseAt(c: CaseColumns, i: number): CaseRecord {
  const place = c.place[i];
  return {
    id: c.id[i],
    version: c.version[i],
    confirmedDate: c.dates[c.date[i]],
    unit: c.units[c.unit[i]],
    setting: SETTINGS[c.setting[i]],
    sourceKnown: (c.flags[i] & SOURCE_KNOWN) !== 0,
    sourcePlace: place === NO_PLACE ? null : SOURCE_PLACES[place],
    cluster: c.cluster[i],
    household: c.household[i],
    void: (c.flags[i] & VOID) !== 0,
  };
}

export function decodeCases(c: CaseColumns): Array<{ index: number; record: CaseRecord }> {
  const out: Array<{ index: number; record: CaseRecord }> = new Array(c.count);
  for (let i = 0; i < c.count; i++) out[i] = { index: c.index[i], record: caseAt(c, i) };
  return out;
}
