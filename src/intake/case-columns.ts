import { SETTINGS, SOURCE_PLACES } from '../core/cube/daily-facts.ts';
import type { CaseRecord } from '../core/cases/records.ts';

/**
 * Validated case records of one part, column by column, for the trip from the reading thread to
 * the writing one. Structured-cloning a thousand small objects costs the receiver about 2 µs a
 * record; typed arrays move without copying and repeated strings (units, dates) travel once.
 */
export interface CaseColumns {
  count: number;
  index: Int32Array;
  id: string[];
  version: Float64Array;
  /** Index into the unit codes both threads were given. */
  unit: Int32Array;
  /** Index into `dates`. */
  date: Uint16Array;
  dates: string[];
  setting: Uint8Array;
  /** Bit 0: source known; bit 1: void. */
  flags: Uint8Array;
  /** Index into SOURCE_PLACES, or NO_PLACE. */
  place: Uint8Array;
  cluster: Array<string | null>;
  household: Array<string | null>;
}

const NO_PLACE = 255;
const SETTING_INDEX = new Map<string, number>(SETTINGS.map((s, i) => [s, i]));
const PLACE_INDEX = new Map<string, number>(SOURCE_PLACES.map((p, i) => [p, i]));

export function encodeCases(rows: ReadonlyArray<{ index: number; record: CaseRecord }>, unitIndex: ReadonlyMap<string, number>): CaseColumns {
  const n = rows.length;
  const c: CaseColumns = {
    count: n,
    index: new Int32Array(n),
    id: new Array(n),
    version: new Float64Array(n),
    unit: new Int32Array(n),
    date: new Uint16Array(n),
    dates: [],
    setting: new Uint8Array(n),
    flags: new Uint8Array(n),
    place: new Uint8Array(n),
    cluster: new Array(n),
    household: new Array(n),
  };
  const dateIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const { index, record: r } = rows[i];
    c.index[i] = index;
    c.id[i] = r.id;
    c.version[i] = r.version;
    const u = unitIndex.get(r.unit);
    if (u === undefined) throw new Error(`unit ${r.unit} is not in the list both threads share`);
    c.unit[i] = u;
    let d = dateIndex.get(r.confirmedDate);
    if (d === undefined) {
      dateIndex.set(r.confirmedDate, (d = c.dates.length));
      c.dates.push(r.confirmedDate);
    }
    c.date[i] = d;
    c.setting[i] = SETTING_INDEX.get(r.setting)!;
    c.flags[i] = (r.sourceKnown ? 1 : 0) | (r.void ? 2 : 0);
    c.place[i] = r.sourcePlace === null ? NO_PLACE : PLACE_INDEX.get(r.sourcePlace)!;
    c.cluster[i] = r.cluster;
    c.household[i] = r.household;
  }
  return c;
}

/** The typed arrays of a part, to transfer rather than copy. */
export function transferables(c: CaseColumns): ArrayBuffer[] {
  return [c.index, c.version, c.unit, c.date, c.setting, c.flags, c.place].map((a) => a.buffer as ArrayBuffer);
}

export function decodeCases(c: CaseColumns, unitCodes: readonly string[]): Array<{ index: number; record: CaseRecord }> {
  const out: Array<{ index: number; record: CaseRecord }> = new Array(c.count);
  for (let i = 0; i < c.count; i++) {
    const place = c.place[i];
    out[i] = {
      index: c.index[i],
      record: {
        id: c.id[i],
        version: c.version[i],
        confirmedDate: c.dates[c.date[i]],
        unit: unitCodes[c.unit[i]],
        setting: SETTINGS[c.setting[i]],
        sourceKnown: (c.flags[i] & 1) === 1,
        sourcePlace: place === NO_PLACE ? null : SOURCE_PLACES[place],
        cluster: c.cluster[i],
        household: c.household[i],
        void: (c.flags[i] & 2) === 2,
      },
    };
  }
  return out;
}
