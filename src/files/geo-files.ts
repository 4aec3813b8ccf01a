import { basename, join } from 'node:path';

import type { Kysely } from 'kysely';

import { type GeoImportError, type GeoImportInput, type GeoImportPlan, planGeoImport, type RawRecord } from '../core/geo/geo-import.ts';
import { NEIGHBOURHOOD_KIND, type NeighbourhoodListInput, planNeighbourhoodList } from '../core/geo/neighbourhood-list.ts';
import { officialCode, type Unit } from '../core/geo/unit.ts';
import { applyGeoImport, type GeoImportSummary, loadBoundaries, loadUnits } from '../store/geography-store.ts';
import type { Database } from '../store/schema.ts';
import { EncodingError } from './decode-utf8.ts';
import { formatOf, IntakeFileError } from './intake-file.ts';
import { projectPath } from './project-root.ts';
import { featuresOf, FileFormatError, readFeatures, readRecords, recordsOf } from './read-records.ts';
import { readXlsxRows, XlsxRejected } from './xlsx-rows.ts';
import { ZipRejected } from './zip-guard.ts';

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

async function importGeoInputs(
  db: Kysely<Database>,
  inputs: readonly GeoImportInput[],
  actor: string,
  channel: string,
  auditDetail?: Record<string, unknown>,
): Promise<GeoImportSummary> {
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
  const plan: GeoImportPlan = {
    units: plans.flatMap((p) => p.units),
    boundaries: plans.flatMap((p) => p.boundaries),
    adjacency: new Map(plans.flatMap((p) => [...p.adjacency])),
  };
  return applyGeoImport(db, plan, actor, channel, auditDetail);
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

/** A neighbourhood list as it landed: the summary, the list's units, and the stored ones it left out. */
export interface NeighbourhoodImport extends GeoImportSummary {
  listed: Unit[];
  /** Neighbourhoods of the list's wards it did not name: kept as they were, shown to the sender. */
  notInList: Unit[];
}

/** A neighbourhood list already read (a file's, or the demo's generated one), planned against the stored wards. */
export async function importNeighbourhoods(db: Kysely<Database>, input: NeighbourhoodListInput, actor: string, channel: string): Promise<NeighbourhoodImport> {
  const existing = await loadUnits(db);
  const storedBoundaries = new Map((await loadBoundaries(db)).map((b) => [b.code, b] as const));
  const result = planNeighbourhoodList(input, existing, storedBoundaries);
  if (!result.ok) throw new GeoImportRejected(result.errors);
  // Corrections overwrite a stored neighbourhood in place (its code, and so its cases, stay): the
  // audit entry keeps what each re-listed one said before: the history of the list.
  const planned = new Set((result.input.units ?? []).map(({ values }) => `${String(values.code)}|${String(values.valid_from)}`));
  const previously = existing
    .filter((u) => u.kind === NEIGHBOURHOOD_KIND && planned.has(`${officialCode(u.code)}|${u.validFrom}`))
    .map((u) => ({ code: u.code, before: { name: u.name, population: u.population, households: u.households ?? null } }));
  const auditDetail = { ...(input.ward === undefined ? {} : { ward: input.ward }), notInList: result.notInList.map((u) => u.code), previously };
  const summary = await importGeoInputs(db, [result.input], actor, channel, auditDetail);
  // The list's units as stored (codes kept or given, population read), for the sender to check.
  const listed = (await loadUnits(db)).filter((u) => u.kind === NEIGHBOURHOOD_KIND && planned.has(`${officialCode(u.code)}|${u.validFrom}`));
  return { ...summary, listed, notInList: result.notInList };
}

/** A file as uploaded: its bytes, and the name it came with, which tells its format. */
export interface UploadedFile {
  bytes: Uint8Array;
  fileName: string;
}

/**
 * A ward committee's list of its own khu phố/ấp (CSV or XLSX, the ward column optional), with
 * their boundaries (GeoJSON) when it has them. Refused whole, naming rows, or landed whole.
 */
export async function importWardNeighbourhoods(
  db: Kysely<Database>,
  ward: string,
  files: { list: UploadedFile; boundaries?: UploadedFile },
  actor: string,
  channel: string,
): Promise<NeighbourhoodImport> {
  const source = basename(files.list.fileName);
  const records = await uploadedRecords(files.list);
  const boundaries = files.boundaries && readUpload(() => featuresOf(files.boundaries!.bytes, basename(files.boundaries!.fileName)));
  return importNeighbourhoods(
    db,
    { source, records, boundariesSource: files.boundaries && basename(files.boundaries.fileName), boundaries, ward },
    actor,
    channel,
  );
}

/** Rows of an uploaded table: XLSX (first sheet, header row first), else CSV or JSON by its name. */
async function uploadedRecords({ bytes, fileName }: UploadedFile): Promise<RawRecord[]> {
  const name = basename(fileName);
  if (readUpload(() => formatOf(name, bytes)) !== 'xlsx') return readUpload(() => recordsOf(bytes, name));
  const sheet = await readXlsxRows(bytes).catch((error: unknown) => {
    throw asFormatError(error);
  });
  const formulas = sheet.rows.filter((r) => r.formulaColumns.length > 0).map((r) => r.line);
  // A formula's cached value may be stale: a list is the committee's figures, pasted as values.
  if (formulas.length > 0) {
    throw new FileFormatError(`${name} row ${formulas.join(', ')}: ô chứa công thức, hãy dán giá trị / cells hold formulas: paste values instead`);
  }
  return sheet.rows.map((r) => ({
    row: r.line,
    values: Object.fromEntries(sheet.header.map((h, i) => [h, r.cells[i] ?? ''] as const).filter(([h]) => h !== '')),
  }));
}

/** Runs a reader, restating its refusals of the file's format or encoding as one error type. */
function readUpload<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw asFormatError(error);
  }
}

function asFormatError(error: unknown): unknown {
  const refusal = error instanceof EncodingError || error instanceof IntakeFileError || error instanceof XlsxRejected || error instanceof ZipRejected;
  return refusal ? new FileFormatError(error.message) : error;
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
