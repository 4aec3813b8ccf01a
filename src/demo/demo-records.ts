import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PROJECT_ROOT } from '../files/project-root.ts';
import { readSimulationGeography } from '../files/simulation-geography.ts';
import type { SimulatedRecord } from '../simulate/records.ts';
import { parseScenario } from '../simulate/scenario.ts';
import { simulate } from '../simulate/simulate.ts';

/** The seed of the demo's epidemic: fixed, so every fresh clone replays the same July. */
export const DEMO_SEED = 2021;

/**
 * The demo's records, generated in-process from the shipped scenario and HCMC geography (about
 * 110,000 records in about a second), in reporting order. Nothing is written to disk: the same
 * seed gives the same records on every start, so a second start can skip what it already fed.
 */
export function demoRecords(seed: number = DEMO_SEED, window: { from?: string; to?: string } = {}): SimulatedRecord[] {
  const scenario = parseScenario(JSON.parse(readFileSync(join(PROJECT_ROOT, 'scenarios', 'hcmc-2021.json'), 'utf8')));
  const geography = readSimulationGeography(
    join(PROJECT_ROOT, 'data', 'hcmc-2021', 'units.csv'),
    join(PROJECT_ROOT, 'data', 'hcmc-2021', 'ward-adjacency.csv'),
  );
  return [...simulate({ scenario, geography, seed, ...window })];
}
