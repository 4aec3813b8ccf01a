import { SIMULATED_NOTICE, type SimulatedRecord, type SimulationHeader, toNdjsonLine } from './records.ts';
import { runEpidemic } from './run-epidemic.ts';
import { compileScenario, type Scenario, type SimulationGeography } from './scenario.ts';

export interface SimulationRequest {
  scenario: Scenario;
  geography: SimulationGeography;
  seed: number;
  /** Defaults to the scenario's own period. */
  from?: string;
  to?: string;
}

/**
 * The records of one simulated epidemic, in reporting order. Pure: the same request gives the same
 * records. `from`/`to` choose which confirmed dates to keep, not where the epidemic starts: it
 * always runs from the scenario's start (or earlier), so a window shows the same epidemic as the
 * whole run, record for record.
 */
export function* simulate(request: SimulationRequest): Generator<SimulatedRecord> {
  const from = request.from ?? request.scenario.from;
  const to = request.to ?? request.scenario.to;
  const start = from < request.scenario.from ? from : request.scenario.from;
  const model = compileScenario(request.scenario, request.geography, request.seed, { from: start, to });
  for (const record of runEpidemic(model, request.seed)) {
    if ((record.kind === 'case' ? record.confirmedDate : record.date) >= from) yield record;
  }
}

export function simulationHeader(scenario: string, seed: number, from: string, to: string): SimulationHeader {
  return { kind: 'meta', simulated: true, notice: SIMULATED_NOTICE, generator: 'vungxanh simulate', scenario, seed, from, to };
}

/** The NDJSON file, line by line (no trailing newlines): the header, then every record. */
export function* simulationLines(request: SimulationRequest): Generator<string> {
  const from = request.from ?? request.scenario.from;
  const to = request.to ?? request.scenario.to;
  yield toNdjsonLine(simulationHeader(request.scenario.name, request.seed, from, to));
  for (const record of simulate(request)) yield toNdjsonLine(record);
}
