import { addDays } from '../time/local-date.ts';
import { type AdjacencyPair, canonicalPair } from './adjacency.ts';
import { type AreaGeometry, areaGeometryFaults, toRfc7946, withoutRepeatedPositions } from './geometry.ts';
import { coexist, isValidOn, officialCode, reusedCodeKey, type Unit } from './unit.ts';

/** One record as read from a CSV or JSON file, with the 1-based row it came from. */
export interface RawRecord {
  row: number;
  values: Record<string, unknown>;
}

/** One feature as read from a GeoJSON file, with its 1-based position. */
export interface RawFeature {
  index: number;
  feature: unknown;
}

export interface GeoImportInput {
  /** Label of the units file in error messages, e.g. `units.csv`. */
  unitsSource?: string;
  units?: RawRecord[];
  boundariesSource?: string;
  boundaries?: RawFeature[];
  adjacencySource?: string;
  adjacency?: RawRecord[];
  /** Applied to unit rows that do not give their own validity. */
  defaultValidFrom?: string;
  /** Marks every boundary of this import as approximate unless a feature says otherwise. */
  approximate?: boolean;
  /**
   * The date the codes of boundaries and adjacency pairs are read on, when codes are reused
   * across periods (the 2025 outline is `79`, which in 2021 named the old city).
   */
  codesValidOn?: string;
  /**
   * A stored tree this import replaces: the unit `root` (a code valid on the day before
   * `from`) and every unit below it valid that day end on that day.
   */
  supersedes?: { root: string; from: string };
}

export interface BoundaryPlan {
  code: string;
  kind: string;
  geometry: AreaGeometry;
  approximate: boolean;
}

export interface GeoImportPlan {
  units: Unit[];
  boundaries: BoundaryPlan[];
  /** Pairs per unit kind; a kind present here replaces that kind's stored adjacency. */
  adjacency: Map<string, AdjacencyPair[]>;
}

export interface GeoImportError {
  /** Where the fault is: file and row or feature, e.g. `units.csv row 14`. */
  where: string;
  /** The list row at fault, when it is one (the `where` names it too). */
  row?: number;
  field?: string;
  message: string;
}

export type GeoImportResult = { ok: true; plan: GeoImportPlan } | { ok: false; errors: GeoImportError[] };

const COLUMN_ALIASES: Record<string, string[]> = {
  code: ['code', 'ma', 'mã', 'unit_code', 'ma_don_vi'],
  name: ['name', 'ten', 'tên', 'unit_name'],
  kind: ['kind', 'cap', 'cấp', 'level'],
  parent: ['parent', 'parent_code', 'ma_cha', 'mã cha'],
  population: ['population', 'dan_so', 'dân số'],
  households: ['households', 'so_ho', 'số hộ'],
  validFrom: ['valid_from', 'validfrom', 'hieu_luc_tu'],
  validTo: ['valid_to', 'validto', 'hieu_luc_den'],
  a: ['a', 'code_a', 'ward_code_a', 'district_code_a', 'unit_a'],
  b: ['b', 'code_b', 'ward_code_b', 'district_code_b', 'unit_b'],
  sharedBorderM: ['shared_border_m', 'border_m'],
};

const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates a geography import against what is already stored and returns either a plan to
 * apply in one transaction or every fault found, each naming its row or feature. Nothing is
 * partially accepted: a geography with one broken unit is not a geography to draw.
 */
export function planGeoImport(input: GeoImportInput, existing: readonly Unit[]): GeoImportResult {
  const errors: GeoImportError[] = [];
  const unitsSource = input.unitsSource ?? 'units';
  // Units as the file gives them (official codes, parents by official code), then keyed.
  const parsed = new Map<string, Unit>();
  const defaultValidFrom = input.defaultValidFrom ?? '2020-01-01';

  for (const record of input.units ?? []) {
    const where = `${unitsSource} row ${record.row}`;
    const fault = (field: string, message: string) => errors.push({ where, field, message });
    const code = text(record.values, 'code');
    const name = text(record.values, 'name');
    const kind = text(record.values, 'kind');
    const parent = text(record.values, 'parent');
    const populationText = text(record.values, 'population');
    const validFrom = text(record.values, 'validFrom') || defaultValidFrom;
    const validTo = text(record.values, 'validTo') || null;
    if (!code) fault('code', 'code is missing');
    else if (!CODE_PATTERN.test(code)) fault('code', `code ${JSON.stringify(code)} has characters other than letters, digits, '.', '_' or '-'`);
    if (!name) fault('name', 'name is missing');
    else if (name.includes('\uFFFD')) fault('name', `name ${JSON.stringify(name)} contains bytes that are not UTF-8 (wrong encoding?)`);
    if (!kind) fault('kind', 'kind is missing');
    let population: number | null = null;
    if (populationText) {
      population = Number(populationText.replace(/[ ,.](?=\d{3}\b)/g, ''));
      if (!Number.isInteger(population) || population < 0) {
        fault('population', `population ${JSON.stringify(populationText)} is not a whole number ≥ 0`);
        population = null;
      }
    }
    const householdsText = text(record.values, 'households');
    let households: number | undefined;
    if (householdsText) {
      households = Number(householdsText.replace(/[ ,.](?=\d{3}\b)/g, ''));
      if (!Number.isInteger(households) || households < 0) {
        fault('households', `households ${JSON.stringify(householdsText)} is not a whole number ≥ 0`);
        households = undefined;
      }
    }
    if (!DATE_PATTERN.test(validFrom)) fault('valid_from', `valid_from ${JSON.stringify(validFrom)} is not a YYYY-MM-DD date`);
    if (validTo !== null && (!DATE_PATTERN.test(validTo) || validTo < validFrom)) {
      fault('valid_to', `valid_to ${JSON.stringify(validTo)} is not a YYYY-MM-DD date on or after valid_from`);
    }
    if (!code) continue;
    if (parsed.has(code)) {
      fault('code', `duplicate code ${code} (already given earlier in this file)`);
      continue;
    }
    parsed.set(code, {
      code,
      name: name.normalize('NFC'),
      kind,
      parentCode: parent || null,
      population,
      ...(households === undefined ? {} : { households }),
      validFrom,
      validTo,
    });
  }

  // The tree this import supersedes ends first, so that codes it reuses do not overlap it.
  const closed = input.supersedes === undefined ? [] : supersededUnits(input.supersedes, existing);
  if (input.supersedes !== undefined && closed.length === 0) {
    errors.push({ where: unitsSource, message: `no stored unit ${input.supersedes.root} valid on ${addDays(input.supersedes.from, -1)} to supersede` });
  }
  const closedByKey = new Map(closed.map((u) => [u.code, u]));
  const stored = existing.map((u) => (closedByKey.get(u.code)?.validFrom === u.validFrom ? closedByKey.get(u.code)! : u));
  const incoming = keyUnits(parsed, stored, unitsSource, input.units ?? [], errors);
  const known = new Map(stored.map((u) => [u.code, u] as const));
  for (const unit of incoming.values()) known.set(unit.code, unit);
  // A code in a boundary or adjacency file names the unit of this import, else the stored one.
  const unitOf = (code: string): Unit | undefined => {
    const byOfficial = (units: Iterable<Unit>) =>
      [...units].filter((u) => officialCode(u.code) === code && (input.codesValidOn === undefined || isValidOn(u, input.codesValidOn)));
    const fromImport = byOfficial(incoming.values());
    if (fromImport.length === 1) return fromImport[0];
    if (input.codesValidOn !== undefined) {
      const valid = byOfficial(stored);
      if (valid.length === 1) return valid[0];
    }
    return known.get(code);
  };

  let row = 0;
  for (const unit of incoming.values()) {
    row++;
    if (unit.parentCode === null) continue;
    const where = `${unitsSource} row ${rowOf(input.units ?? [], officialCode(unit.code)) ?? row}`;
    if (unit.parentCode === unit.code) errors.push({ where, field: 'parent', message: `unit ${unit.code} is its own parent` });
    else if (!known.has(unit.parentCode)) {
      errors.push({ where, field: 'parent', message: `unknown parent ${unit.parentCode} for unit ${unit.code}` });
    }
  }
  errors.push(...cycleErrors(incoming, known, unitsSource, input.units ?? []));

  const boundaries: BoundaryPlan[] = [];
  const boundariesSource = input.boundariesSource ?? 'boundaries';
  const seenBoundary = new Set<string>();
  for (const { index, feature } of input.boundaries ?? []) {
    const f = (feature ?? {}) as { type?: unknown; id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const properties = f.properties ?? {};
    const code = String(properties.code ?? properties.ward_code ?? properties.district_code ?? f.id ?? '').trim();
    const where = `${boundariesSource} feature ${index}${code ? ` (code ${code})` : ''}`;
    if (f.type !== 'Feature') {
      errors.push({ where, message: `expected a GeoJSON Feature, got ${JSON.stringify(f.type)}` });
      continue;
    }
    if (!code) {
      errors.push({ where, field: 'code', message: 'feature has no code (properties.code or id)' });
      continue;
    }
    const unit = unitOf(code);
    if (!unit) {
      errors.push({ where, field: 'code', message: `no unit with code ${code}` });
      continue;
    }
    if (seenBoundary.has(unit.code)) {
      errors.push({ where, field: 'code', message: `a second boundary for ${code} in the same file` });
      continue;
    }
    seenBoundary.add(unit.code);
    const geometry = withoutRepeatedPositions(f.geometry);
    const faults = areaGeometryFaults(geometry);
    if (faults.length > 0) {
      for (const message of faults) errors.push({ where, field: 'geometry', message });
      continue;
    }
    const approximate = typeof properties.approximate === 'boolean' ? properties.approximate : input.approximate === true;
    boundaries.push({ code: unit.code, kind: unit.kind, geometry: toRfc7946(geometry as AreaGeometry), approximate });
  }

  const adjacency = new Map<string, AdjacencyPair[]>();
  const adjacencySource = input.adjacencySource ?? 'adjacency';
  const seenPairs = new Set<string>();
  for (const record of input.adjacency ?? []) {
    const where = `${adjacencySource} row ${record.row}`;
    const a = text(record.values, 'a');
    const b = text(record.values, 'b');
    const ua = unitOf(a);
    const ub = unitOf(b);
    if (!ua) errors.push({ where, field: 'a', message: `no unit with code ${JSON.stringify(a)}` });
    if (!ub) errors.push({ where, field: 'b', message: `no unit with code ${JSON.stringify(b)}` });
    if (!ua || !ub) continue;
    if (a === b) {
      errors.push({ where, message: `unit ${a} cannot border itself` });
      continue;
    }
    if (ua.kind !== ub.kind) {
      errors.push({ where, message: `${a} is a ${ua.kind} and ${b} a ${ub.kind}; adjacency pairs units of one kind` });
      continue;
    }
    const lengthText = text(record.values, 'sharedBorderM');
    const length = lengthText ? Number(lengthText) : null;
    if (length !== null && !(Number.isFinite(length) && length >= 0)) {
      errors.push({ where, field: 'shared_border_m', message: `shared_border_m ${JSON.stringify(lengthText)} is not a length in metres` });
      continue;
    }
    const pair = canonicalPair(ua.code, ub.code, length);
    const key = `${pair.a}|${pair.b}`;
    if (seenPairs.has(key)) continue; // the same pair listed both ways is one border
    seenPairs.add(key);
    const list = adjacency.get(ua.kind);
    if (list) list.push(pair);
    else adjacency.set(ua.kind, [pair]);
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, plan: { units: [...closed, ...incoming.values()], boundaries, adjacency } };
}

/**
 * Gives each parsed unit its key. A unit already stored with the same code and start keeps its
 * key (a re-import updates it); a code that a stored unit of another period holds gets
 * `<code>@<valid from>`, so a reused code never merges two areas. A stored unit of that code
 * whose period overlaps is a fault: the file would put two areas under one code on some day.
 * Parents are read on the child's first day, preferring this file's units.
 */
function keyUnits(parsed: Map<string, Unit>, existing: readonly Unit[], source: string, records: RawRecord[], errors: GeoImportError[]): Map<string, Unit> {
  const storedByCode = new Map<string, Unit[]>();
  for (const unit of existing) {
    const code = officialCode(unit.code);
    const list = storedByCode.get(code);
    if (list) list.push(unit);
    else storedByCode.set(code, [unit]);
  }
  const keyOf = new Map<string, string>();
  for (const unit of parsed.values()) {
    const stored = storedByCode.get(unit.code) ?? [];
    const same = stored.find((s) => s.validFrom === unit.validFrom);
    if (same) {
      keyOf.set(unit.code, same.code);
      continue;
    }
    const overlapping = stored.find((s) => coexist(s, unit));
    if (overlapping) {
      errors.push({
        where: `${source} row ${rowOf(records, unit.code)}`,
        field: 'valid_from',
        message: `unit ${unit.code} from ${unit.validFrom} overlaps the stored unit ${unit.code} valid from ${overlapping.validFrom}${overlapping.validTo === null ? '' : ` to ${overlapping.validTo}`}; give its valid_from to update it, or end it first`,
      });
    }
    keyOf.set(unit.code, stored.length === 0 ? unit.code : reusedCodeKey(unit.code, unit.validFrom));
  }
  const keyed = new Map<string, Unit>();
  for (const unit of parsed.values()) {
    let parentCode = unit.parentCode;
    if (parentCode !== null) {
      const inFile = parsed.get(parentCode);
      if (inFile && isValidOn(inFile, unit.validFrom)) parentCode = keyOf.get(parentCode)!;
      else {
        const storedParent = (storedByCode.get(parentCode) ?? []).find((s) => isValidOn(s, unit.validFrom));
        if (storedParent) parentCode = storedParent.code;
        else if (inFile) parentCode = keyOf.get(parentCode)!;
      }
    }
    const code = keyOf.get(unit.code)!;
    // A re-import that leaves valid_to blank never reopens a unit a later tree has ended.
    const validTo = unit.validTo ?? (storedByCode.get(unit.code) ?? []).find((s) => s.code === code)?.validTo ?? null;
    keyed.set(code, { ...unit, code, parentCode, validTo });
  }
  return keyed;
}

/** The stored tree under `root` as it stood the day before `from`, each unit ending that day. */
function supersededUnits(supersedes: { root: string; from: string }, existing: readonly Unit[]): Unit[] {
  const lastDay = addDays(supersedes.from, -1);
  const valid = existing.filter((u) => isValidOn(u, lastDay));
  const root = valid.find((u) => u.code === supersedes.root) ?? valid.find((u) => officialCode(u.code) === supersedes.root);
  if (!root) return [];
  const below = new Set([root.code]);
  // Parents come before children in no particular order: grow the set until it stops growing.
  for (let grew = true; grew;) {
    grew = false;
    for (const unit of valid) {
      if (!below.has(unit.code) && unit.parentCode !== null && below.has(unit.parentCode)) {
        below.add(unit.code);
        grew = true;
      }
    }
  }
  return valid.filter((u) => below.has(u.code)).map((u) => ({ ...u, validTo: lastDay }));
}

function text(values: Record<string, unknown>, field: string): string {
  for (const alias of COLUMN_ALIASES[field] ?? [field]) {
    for (const key of Object.keys(values)) {
      if (key.trim().toLowerCase() === alias) {
        const v = values[key];
        return v === null || v === undefined ? '' : String(v).trim();
      }
    }
  }
  return '';
}

function rowOf(records: RawRecord[], code: string): number | undefined {
  return records.find((r) => text(r.values, 'code') === code)?.row;
}

/** A parent chain that loops back on itself would make every roll-up run forever. */
function cycleErrors(incoming: Map<string, Unit>, known: Map<string, Unit>, source: string, records: RawRecord[]): GeoImportError[] {
  const errors: GeoImportError[] = [];
  for (const unit of incoming.values()) {
    const seen = new Set<string>([unit.code]);
    let parent = unit.parentCode;
    while (parent !== null) {
      if (seen.has(parent)) {
        errors.push({
          where: `${source} row ${rowOf(records, officialCode(unit.code))}`,
          field: 'parent',
          message: `parent chain of ${unit.code} loops back through ${parent}`,
        });
        break;
      }
      seen.add(parent);
      parent = known.get(parent)?.parentCode ?? null;
    }
  }
  return errors;
}
