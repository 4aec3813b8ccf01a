import type { Setting, SourcePlace } from '../cube/daily-facts.ts';

/**
 * What the simulator emits: the CaseRecord and TestCount shapes of DESIGN §4, each tagged with its
 * kind and with `reportedAt`, the instant the CDC would have sent it, so a replay can feed the
 * records in simulated time. Carries no personal data: ids are synthetic, households pseudonymous.
 */
export interface SimulatedCase {
  kind: 'case';
  id: string;
  version: number;
  confirmedDate: string;
  unit: string;
  setting: Setting;
  sourceKnown: boolean;
  sourcePlace?: SourcePlace;
  cluster?: string;
  household?: string;
  void?: true;
  reportedAt: string;
}

export interface SimulatedTest {
  kind: 'test';
  unit: string;
  date: string;
  tested: number;
  positive: number;
  reportedAt: string;
}

/** First line of every file: says the data is simulated and how it was made, so nobody mistakes it for real figures. */
export interface SimulationHeader {
  kind: 'meta';
  simulated: true;
  notice: string;
  generator: string;
  scenario: string;
  seed: number;
  from: string;
  to: string;
}

export type SimulatedRecord = SimulatedCase | SimulatedTest;

export const SIMULATED_NOTICE = 'Dữ liệu mô phỏng — không phải số liệu thật / Simulated data, not real figures';

/** One NDJSON line with a fixed key order (JSON.stringify keeps insertion order), so output is byte-stable. */
export function toNdjsonLine(record: SimulatedRecord | SimulationHeader): string {
  return JSON.stringify(record);
}

/** Builds a case in the documented key order, leaving optional keys out rather than null. */
export function caseRecord(fields: Omit<SimulatedCase, 'kind'>): SimulatedCase {
  const out: SimulatedCase = {
    kind: 'case',
    id: fields.id,
    version: fields.version,
    confirmedDate: fields.confirmedDate,
    unit: fields.unit,
    setting: fields.setting,
    sourceKnown: fields.sourceKnown,
  } as SimulatedCase;
  if (fields.sourcePlace !== undefined) out.sourcePlace = fields.sourcePlace;
  if (fields.cluster !== undefined) out.cluster = fields.cluster;
  if (fields.household !== undefined) out.household = fields.household;
  if (fields.void) out.void = true;
  out.reportedAt = fields.reportedAt;
  return out;
}
