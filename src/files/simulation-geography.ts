import type { SimulationGeography } from '../simulate/scenario.ts';
import { FileFormatError, readRecords } from './read-records.ts';

/**
 * Reads the geography the simulator runs over: a units table (code, parent_code, population, as
 * in data/hcmc-2021/units.csv) and an adjacency table of pairs (first two columns).
 */
export function readSimulationGeography(unitsPath: string, adjacencyPath: string): SimulationGeography {
  const units = readRecords(unitsPath).map(({ row, values }) => {
    const code = String(values.code ?? '').trim();
    if (code === '') throw new FileFormatError(`${unitsPath} row ${row}: [code] is empty`);
    const parent = String(values.parent_code ?? values.parentCode ?? '').trim();
    const rawPopulation = String(values.population ?? '').trim();
    const population = rawPopulation === '' ? null : Number(rawPopulation);
    if (population !== null && !(Number.isInteger(population) && population >= 0)) {
      throw new FileFormatError(`${unitsPath} row ${row}: [population] is not a whole number ≥ 0: ${rawPopulation}`);
    }
    return { code, parentCode: parent === '' ? null : parent, population };
  });
  const adjacency = readRecords(adjacencyPath).map(({ row, values }) => {
    const [a, b] = Object.values(values).map((v) => String(v ?? '').trim());
    if (!a || !b) throw new FileFormatError(`${adjacencyPath} row ${row}: expected two unit codes`);
    return [a, b] as const;
  });
  return { units, adjacency };
}
