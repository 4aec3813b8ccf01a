import { dayNumber } from './calendar.ts';
import type { ClusterPlace, EpidemicModel } from './model.ts';
import { Random } from './random.ts';
import type { SimulatedRecord } from './records.ts';
import { runEpidemic } from './run-epidemic.ts';
import { type SimulationGeography, simulationUnits } from './scenario.ts';

/**
 * The national-scale synthetic set the engine benchmark needs (DESIGN §9): about 10,600 communes
 * in 700 districts in 63 provinces over 730 days, about two million cases. The geography is
 * synthetic (codes `P01`, `D001`, `C00001`; communes on a grid, neighbours share a side) so it can
 * never be mistaken for the real one; the epidemic runs through the same engine as the city scenario.
 */
export interface NationalOptions {
  provinces: number;
  districts: number;
  communes: number;
  /** First simulated date and number of days. */
  from: string;
  days: number;
}

export const NATIONAL_DEFAULTS: NationalOptions = { provinces: 63, districts: 700, communes: 10_600, from: '2021-01-01', days: 730 };

export interface NationalUnit {
  code: string;
  name: string;
  kind: 'country' | 'province' | 'district' | 'commune';
  parentCode: string | null;
  population: number;
}

export interface NationalGeography extends SimulationGeography {
  units: NationalUnit[];
  adjacency: [string, string][];
}

/** Splits `total` items into `parts` contiguous, nearly equal runs; returns each part's first index. */
function splitEvenly(total: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, i) => Math.round((i * total) / parts));
}

export function nationalGeography(seed: number, options: Partial<NationalOptions> = {}): NationalGeography {
  const o = { ...NATIONAL_DEFAULTS, ...options };
  if (!(o.provinces >= 1 && o.districts >= o.provinces && o.communes >= o.districts)) {
    throw new RangeError('national set: need provinces ≥ 1, districts ≥ provinces, communes ≥ districts');
  }
  const random = new Random(seed, 'national-geography');
  const width = Math.ceil(Math.sqrt(o.communes));
  // Communes are laid out row by row, alternating direction (boustrophedon), so each district's
  // run of communes is a connected strip and each province a connected band.
  const cell = (i: number): [number, number] => {
    const row = Math.floor(i / width);
    const col = row % 2 === 0 ? i % width : width - 1 - (i % width);
    return [row, col];
  };
  const districtStarts = splitEvenly(o.communes, o.districts);
  const provinceStarts = splitEvenly(o.districts, o.provinces);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  const units: NationalUnit[] = [];
  const communes: NationalUnit[] = [];
  let countryPopulation = 0;
  const districtPopulation: number[] = [];
  for (let d = 0; d < o.districts; d++) {
    let sum = 0;
    for (let c = districtStarts[d]; c < districtStarts[d + 1]; c++) {
      // Commune populations vary roughly log-normally around 9,000 people.
      const population = Math.max(300, Math.round(9000 * Math.exp(0.6 * random.normal() - 0.18)));
      communes.push({ code: `C${pad(c + 1, 5)}`, name: `Xã mô phỏng ${c + 1}`, kind: 'commune', parentCode: `D${pad(d + 1, 3)}`, population });
      sum += population;
    }
    districtPopulation.push(sum);
  }
  const provinces: NationalUnit[] = [];
  const districts: NationalUnit[] = [];
  for (let p = 0; p < o.provinces; p++) {
    let sum = 0;
    for (let d = provinceStarts[p]; d < provinceStarts[p + 1]; d++) {
      districts.push({
        code: `D${pad(d + 1, 3)}`,
        name: `Huyện mô phỏng ${d + 1}`,
        kind: 'district',
        parentCode: `P${pad(p + 1, 2)}`,
        population: districtPopulation[d],
      });
      sum += districtPopulation[d];
    }
    provinces.push({ code: `P${pad(p + 1, 2)}`, name: `Tỉnh mô phỏng ${p + 1}`, kind: 'province', parentCode: 'VN', population: sum });
    countryPopulation += sum;
  }
  units.push(
    { code: 'VN', name: 'Quốc gia mô phỏng / Synthetic country', kind: 'country', parentCode: null, population: countryPopulation },
    ...provinces,
    ...districts,
    ...communes,
  );

  const at = new Map<string, number>();
  communes.forEach((_, i) => at.set(cell(i).join(','), i));
  const adjacency: [string, string][] = [];
  communes.forEach((c, i) => {
    const [row, col] = cell(i);
    for (const [dr, dc] of [
      [0, 1],
      [1, 0],
    ]) {
      const j = at.get(`${row + dr},${col + dc}`);
      if (j !== undefined) adjacency.push([c.code, communes[j].code]);
    }
  });
  return { units, adjacency };
}

/**
 * The national epidemic: waves whose timing differs by province (R swings around its base with a
 * six-month period), burning through a small reachable share of each commune, seeded by sporadic
 * introductions and spreading between neighbouring communes.
 */
export function nationalModel(seed: number, geography: NationalGeography, options: Partial<NationalOptions> = {}): EpidemicModel {
  const o = { ...NATIONAL_DEFAULTS, ...options };
  const { units, neighbours } = simulationUnits(geography);
  const random = new Random(seed, 'national-model');
  const provinceOf = new Map(geography.units.filter((u) => u.kind === 'district').map((u) => [u.code, u.parentCode as string]));
  const phases = new Map<string, number>();
  for (const u of geography.units) if (u.kind === 'province') phases.set(u.code, random.next() * 2 * Math.PI);
  const phase = units.map((u) => phases.get(provinceOf.get(u.group) ?? '') ?? 0);
  const factor = units.map(() => Math.exp(0.1 * random.normal()));
  const hosts = new Map<number, ClusterPlace>();
  units.forEach((_, i) => {
    const roll = random.next();
    if (roll < 0.02) hosts.set(i, 'industrial_zone');
    else if (roll < 0.04) hosts.set(i, 'market');
  });
  const firstDay = dayNumber(o.from);
  return {
    scenario: 'national-synthetic',
    units,
    neighbours,
    firstDay,
    lastDay: firstDay + o.days - 1,
    generationInterval: [0.04, 0.11, 0.17, 0.19, 0.17, 0.13, 0.09, 0.06, 0.04],
    initialDailyCases: (u) => units[u].population * 2e-6,
    reproduction: (u, day) => factor[u] * (1.05 + 0.3 * Math.sin((2 * Math.PI * (day - firstDay)) / 180 + phase[u])),
    introductions: (u) => units[u].population * 1e-6,
    neighbourShare: 0.15,
    susceptibleShare: 0.08,
    dispersion: 3,
    communityShare: () => 0.45,
    lockdownShare: () => 0.3,
    sourceKnownShare: () => 0.55,
    knownSourcePlaces: { none: 40, household: 25, workplace: 20, market: 10, supermarket: 1, hospital: 2, other: 2 },
    households: { share: 0.3, meanExtraMembers: 1.2 },
    clusters: {
      perCommunityCase: 0.02,
      meanSize: 8,
      maxDays: 8,
      unknownSourceShare: 0.35,
      placeWeights: { industrial_zone: 4, school: 0.2, market: 3, supermarket: 1, hospital: 0.5, workplace: 6 },
      hosts,
      hostBoost: 4,
      spilloverShare: 0.25,
    },
    importedPerDay: 5,
    reporting: { delayDays: [0.45, 0.35, 0.15, 0.05], batchHours: [8, 13, 20] },
    tests: null,
    corrections: { share: 0.01, voidShare: 0.002, minDelayDays: 1, maxDelayDays: 6 },
  };
}

/** The national set in reporting order, streamed: two million cases never sit in memory at once. */
export function nationalRecords(seed: number, geography: NationalGeography, options: Partial<NationalOptions> = {}): Generator<SimulatedRecord> {
  return runEpidemic(nationalModel(seed, geography, options), seed);
}
