import type { RawRecord } from '../core/geo/geo-import.ts';
import { hashString, Random } from './random.ts';
import type { SimulatedRecord } from './records.ts';

/**
 * The demo's khu phố and ấp. HCMC publishes no list of its 2021 neighbourhoods (docs/demo.md),
 * so the demo makes one up from what is known: a ward's population (2019 census) sets how many it
 * has, the city's household count (MoH, Sept 2021: 1,782,203 households in 24,330 tổ dân phố,
 * rules-evidence S13) sets their households, and names follow the local pattern — "Khu phố 1…"
 * in a phường or thị trấn, "Ấp 1…" in a xã. Everything here is simulated and marked so.
 */

/** People per khu phố or ấp the demo aims at: our assumption (about 13 tổ dân phố of 370 people), not a published figure. */
export const PEOPLE_PER_NEIGHBOURHOOD = 5_000;
/** Bounds on a ward's count, so a small ward still competes within itself and a large one stays readable. */
export const NEIGHBOURHOODS_PER_WARD = { min: 3, max: 24 } as const;
/** HCMC's households in September 2021 (S13), spread over the census population. */
export const HCMC_HOUSEHOLDS_2021 = 1_782_203;

export interface SimulationWard {
  code: string;
  name: string;
  population: number | null;
}

/** Header names of the generated list: the same columns `geo import --neighbourhoods` reads. */
export interface SimulatedNeighbourhoodRow {
  code: string;
  name: string;
  ward_code: string;
  population: number;
  households: number;
}

/** The generated list, one row per neighbourhood, ward by ward in the order given. Pure and deterministic. */
export function simulatedNeighbourhoods(wards: readonly SimulationWard[]): SimulatedNeighbourhoodRow[] {
  const cityPopulation = wards.reduce((sum, w) => sum + (w.population ?? 0), 0);
  const householdsPerPerson = cityPopulation > 0 ? HCMC_HOUSEHOLDS_2021 / cityPopulation : 0;
  const rows: SimulatedNeighbourhoodRow[] = [];
  for (const ward of wards) {
    const population = ward.population ?? 0;
    const count = Math.min(NEIGHBOURHOODS_PER_WARD.max, Math.max(NEIGHBOURHOODS_PER_WARD.min, Math.round(population / PEOPLE_PER_NEIGHBOURHOOD)));
    // Uneven shares (0.6–1.4 of the mean), so neighbourhoods differ as real ones do.
    const random = new Random(0, `neighbourhoods ${ward.code}`);
    const shares = split(
      population,
      Array.from({ length: count }, () => 0.6 + 0.8 * random.next()),
    );
    const prefix = /^xã\s/iu.test(ward.name.normalize('NFC')) ? 'Ấp' : 'Khu phố';
    shares.forEach((people, i) =>
      rows.push({
        code: `${ward.code}-${i + 1}`,
        name: `${prefix} ${i + 1}`,
        ward_code: ward.code,
        population: people,
        households: Math.round(people * householdsPerPerson),
      }),
    );
  }
  return rows;
}

/** The rows as `planNeighbourhoodList` reads a file's records (row 1 is the header, as in a CSV). */
export function neighbourhoodListRecords(rows: readonly SimulatedNeighbourhoodRow[]): RawRecord[] {
  return rows.map((r, i) => ({ row: i + 2, values: { ...r, population: String(r.population), households: String(r.households) } }));
}

/**
 * Moves each simulated case from its ward to one of the ward's neighbourhoods, chosen by
 * population from a hash of its cluster, else its household, else its id — so a cluster's cases
 * stay together, as they would on a real street, and a correction lands where its first version
 * did. Test counts stay with the ward: a row without a neighbourhood counts for the ward.
 */
export function placeInNeighbourhoods(records: readonly SimulatedRecord[], rows: readonly SimulatedNeighbourhoodRow[]): SimulatedRecord[] {
  const byWard = new Map<string, { codes: string[]; cumulative: number[]; total: number }>();
  for (const row of rows) {
    let ward = byWard.get(row.ward_code);
    if (!ward) byWard.set(row.ward_code, (ward = { codes: [], cumulative: [], total: 0 }));
    ward.total += Math.max(1, row.population);
    ward.codes.push(row.code);
    ward.cumulative.push(ward.total);
  }
  return records.map((record) => {
    if (record.kind !== 'case') return record;
    const ward = byWard.get(record.unit);
    if (!ward) return record;
    const key = record.cluster ?? record.household ?? record.id;
    const target = (hashString(key) / 4294967296) * ward.total;
    const i = ward.cumulative.findIndex((c) => target < c);
    return { ...record, unit: ward.codes[i < 0 ? ward.codes.length - 1 : i] };
  });
}

/** Whole numbers proportional to `weights`, summing to `total` exactly (largest remainder). */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}
