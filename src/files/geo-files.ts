import { basename, join } from 'node:path';

import type { Kysely } from 'kysely';

import { type GeoImportError, type GeoImportInput, planGeoImport } from '../core/geo/geo-import.ts';
import { type NeighbourhoodListInput, planNeighbourhoodList } from '../core/geo/neighbourhood-list.ts';
import { applyGeoImport, type GeoImportSummary, loadBoundaries, loadUnits } from '../store/geography-store.ts';
import type { Database } from '../store/schema.ts';
import { projectPath } from './project-root.ts';
import { readFeatures, readRecords } from './read-records.ts';

export interface GeoFiles {
  units?: string;
  boundaries?: string[];
  adjacency?: string[];
  validFrom?: string;
  approximate?: boolean;
  /** A list of khu phố/ấp under their wards; `boundaries` then hold the neighbourhoods' own. */
  neighbourhoods?: string;
}

/** The import failed validation; nothing was written. Each error names its file and row or feature. */
export class GeoImportRejected extends Error {
  constructor(readonly errors: GeoImportError[]) {
    super(`geography import rejected, nothing changed:\n` + errors.map((e) => `  ${e.where}${e.field ? ` [${e.field}]` : ''}: ${e.message}`).join('\n'));
  }
}

/**
 * Imports geography files in stages that each see the previous ones: units first, then each
 * boundary and adjacency file. All stages are validated before anything is written, so a bad
 * file anywhere leaves the store as it was.
 */
export async function importGeoFiles(db: Kysely<Database>, files: GeoFiles, actor: string, channel = 'cli'): Promise<GeoImportSummary> {
  if (files.neighbourhoods) return importNeighbourhoodList(db, files.neighbourhoods, files.boundaries?.[0], files.validFrom, actor, channel);
  const inputs: GeoImportInput[] = [];
  if (files.units) inputs.push({ unitsSource: basename(files.units), units: readRecords(files.units), defaultValidFrom: files.validFrom });
  for (const path of files.boundaries ?? []) inputs.push({ boundariesSource: basename(path), boundaries: readFeatures(path), approximate: files.approximate });
  for (const path of files.adjacency ?? []) inputs.push({ adjacencySource: basename(path), adjacency: readRecords(path) });
  return importGeoInputs(db, inputs, actor, channel);
}

async function importGeoInputs(db: Kysely<Database>, inputs: readonly GeoImportInput[], actor: string, channel: string): Promise<GeoImportSummary> {
  const existing = await loadUnits(db);

  const errors: GeoImportError[] = [];
  const plans = [];
  let known = existing;
  for (const input of inputs) {
    const result = planGeoImport(input, known);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    plans.push(result.plan);
    known = [...known.filter((u) => !result.plan.units.some((n) => n.code === u.code)), ...result.plan.units];
  }
  if (errors.length > 0) throw new GeoImportRejected(errors);
  const plan = {
    units: plans.flatMap((p) => p.units),
    boundaries: plans.flatMap((p) => p.boundaries),
    adjacency: new Map(plans.flatMap((p) => [...p.adjacency])),
  };
  return applyGeoImport(db, plan, actor, channel);
}

/**
 * Imports a neighbourhood list (khu phố, ấp) under stored wards, with the neighbourhoods' own
 * boundaries when given, else approximate areas partitioning each ward. All or nothing.
 */
async function importNeighbourhoodList(
  db: Kysely<Database>,
  listPath: string,
  boundariesPath: string | undefined,
  validFrom: string | undefined,
  actor: string,
  channel: string,
): Promise<GeoImportSummary> {
  return importNeighbourhoods(
    db,
    {
      source: basename(listPath),
      records: readRecords(listPath),
      boundariesSource: boundariesPath && basename(boundariesPath),
      boundaries: boundariesPath ? readFeatures(boundariesPath) : undefined,
      validFrom,
    },
    actor,
    channel,
  );
}

/** A neighbourhood list already read (a file's, or the demo's generated one), planned against the stored wards. */
export async function importNeighbourhoods(db: Kysely<Database>, input: NeighbourhoodListInput, actor: string, channel: string): Promise<GeoImportSummary> {
  const existing = await loadUnits(db);
  const storedBoundaries = new Map((await loadBoundaries(db)).map((b) => [b.code, b] as const));
  const result = planNeighbourhoodList(input, existing, storedBoundaries);
  if (!result.ok) throw new GeoImportRejected(result.errors);
  return importGeoInputs(db, [result.input], actor, channel);
}

/** The HCMC geography as it stood on 1 July 2021, shipped in data/hcmc-2021. */
export function hcmc2021Files(root = projectPath('data', 'hcmc-2021')): GeoFiles {
  return {
    units: join(root, 'units.csv'),
    boundaries: [join(root, 'city.geojson'), join(root, 'districts.geojson'), join(root, 'wards.geojson')],
    adjacency: [join(root, 'district-adjacency.csv'), join(root, 'ward-adjacency.csv')],
  };
}

/** The day the 2025 reform took effect: 168 communes directly under the city, no districts. */
export const HCMC_2025_FROM = '2025-07-01';

/**
 * Imports the HCMC tree of 1 July 2025, shipped in data/hcmc-2025: a new city unit (code 79
 * reused, bounded by the new province outline) and its 168 communes (phường, xã, đặc khu), from
 * 1 July 2025. It ends the stored 2021 tree (city, districts, wards) on 30 June 2025. Codes the
 * 2021 tree already holds become other units (`26737@2025-07-01`), never the 2021 ones. No
 * commune polygons are shipped: the communes are served by the API and the table, not the map.
 */
export async function importHcmc2025(db: Kysely<Database>, actor: string, channel = 'cli', root = projectPath('data', 'hcmc-2025')): Promise<GeoImportSummary> {
  const communesFile = join(root, 'hcmc_communes_2025-07-01.csv');
  const outlineFile = join(root, 'hcmc_province_outline_2025.geojson');
  const city = { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city', parent_code: '', valid_from: HCMC_2025_FROM };
  const communes = readRecords(communesFile).map(({ row, values }) => ({
    row,
    values: { code: values.ward_code, name: values.full_name, kind: 'ward', parent_code: values.province_code, valid_from: HCMC_2025_FROM },
  }));
  return importGeoInputs(
    db,
    [
      { unitsSource: basename(communesFile), units: [{ row: 1, values: city }, ...communes], supersedes: { root: '79', from: HCMC_2025_FROM } },
      { boundariesSource: basename(outlineFile), boundaries: readFeatures(outlineFile), codesValidOn: HCMC_2025_FROM },
    ],
    actor,
    channel,
  );
}
