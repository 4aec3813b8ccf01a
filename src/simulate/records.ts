import type { CaseRecord, TestCount } from '../core/cases/records.ts';
import type { SourcePlace } from '../core/cube/daily-facts.ts';

/**
 * What the simulator emits: the CaseRecord and TestCount shapes of DESIGN §4, each tagged with its
 * kind and with `reportedAt`, the instant the CDC would have sent it, so a replay can feed the
 * records in simulated time. Carries no personal data: ids are synthetic, households pseudonymous.
 */
export interface SimulatedCase extends Pick<CaseRecord, 'id' | 'version' | 'confirmedDate' | 'unit' | 'setting' | 'sourceKnown'> {
  kind: 'case';
  // As sent over the wire: fields a case does not have are left out rather than null.
  sourcePlace?: SourcePlace;
  cluster?: string;
  household?: string;
  void?: true;
  reportedAt: string;
}

export interface SimulatedTest extends TestCount {
  kind: 'test';
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

type CaseDraft = Omit<SimulatedCase, 'kind' | 'id' | 'version' | 'reportedAt' | 'void'>;

/** Builds a case in the documented key order, leaving optional keys out rather than null. */
export function caseRecord(draft: CaseDraft, id: string, version: number, reportedAt: string, isVoid = false): SimulatedCase {
  const out = {
    kind: 'case',
    id,
    version,
    confirmedDate: draft.confirmedDate,
    unit: draft.unit,
    setting: draft.setting,
    sourceKnown: draft.sourceKnown,
  } as SimulatedCase;
  if (draft.sourcePlace !== undefined) out.sourcePlace = draft.sourcePlace;
  if (draft.cluster !== undefined) out.cluster = draft.cluster;
  if (draft.household !== undefined) out.household = draft.household;
  if (isVoid) out.void = true;
  out.reportedAt = reportedAt;
  return out;
}

/** The stable tie-break after `reportedAt`: case id and version, or ward, date and report time. */
export function recordKey(record: SimulatedRecord): string {
  return record.kind === 'case' ? `c${record.id}/${record.version}` : `t${record.unit}/${record.date}`;
}
