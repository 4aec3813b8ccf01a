import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PROJECT_ROOT } from '../files/project-root.ts';
import { readRecords } from '../files/read-records.ts';
import { readSimulationGeography } from '../files/simulation-geography.ts';
import { placeInNeighbourhoods, type SimulatedNeighbourhoodRow, simulatedNeighbourhoods } from '../simulate/neighbourhoods.ts';
import type { SimulatedRecord } from '../simulate/records.ts';
import { parseScenario } from '../simulate/scenario.ts';
import { simulate } from '../simulate/simulate.ts';

/** The seed of the demo's epidemic: fixed, so every fresh clone replays the same July. */
export const DEMO_SEED = 2021;

/** The name the demo's generated neighbourhood list goes by in the audit log and in messages. */
export const DEMO_NEIGHBOURHOODS_SOURCE = 'khu-pho-ap-mo-phong.csv';

const UNITS_CSV = join(PROJECT_ROOT, 'data', 'hcmc-2021', 'units.csv');

/**
 * The demo's records, generated in-process from the shipped scenario and HCMC geography (about
 * 110,000 records in about a second), in reporting order, each case placed in one of its ward's
 * simulated neighbourhoods. Nothing is written to disk: the same seed gives the same records on
 * every start, so a second start can skip what it already fed.
 */
export function demoRecords(seed: number = DEMO_SEED, window: { from?: string; to?: string } = {}): SimulatedRecord[] {
  const scenario = parseScenario(JSON.parse(readFileSync(join(PROJECT_ROOT, 'scenarios', 'hcmc-2021.json'), 'utf8')));
  const geography = readSimulationGeography(UNITS_CSV, join(PROJECT_ROOT, 'data', 'hcmc-2021', 'ward-adjacency.csv'));
  return placeInNeighbourhoods([...simulate({ scenario, geography, seed, ...window })], demoNeighbourhoods());
}

/** The demo's simulated khu phố and ấp for the 312 wards of 2021 (src/simulate/neighbourhoods.ts). */
export function demoNeighbourhoods(): SimulatedNeighbourhoodRow[] {
  const wards = readRecords(UNITS_CSV)
    .filter(({ values }) => String(values.kind).trim() === 'ward')
    .map(({ values }) => ({ code: String(values.code).trim(), name: String(values.name).trim(), population: Number(values.population) || null }));
  return simulatedNeighbourhoods(wards);
}
