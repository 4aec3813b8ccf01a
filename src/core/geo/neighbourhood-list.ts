import { bbox, booleanIntersects, booleanPointInPolygon } from '@turf/turf';

import { UnitResolver } from '../cases/unit-resolver.ts';
import { partitionAroundPoints, type ReferencePoint } from './approximate-partition.ts';
import { fold } from './fold.ts';
import type { GeoImportError, GeoImportInput, RawFeature, RawRecord } from './geo-import.ts';
import type { AreaGeometry } from './geometry.ts';
import { Hierarchy } from './hierarchy.ts';
import { coexist, isValidOn, officialCode, type Unit } from './unit.ts';

/** The kind neighbourhoods (khu phố, ấp, tổ dân phố) are stored under. */
export const NEIGHBOURHOOD_KIND = 'neighbourhood';

export interface NeighbourhoodListInput {
  /** Label of the list in error messages, e.g. `khu-pho.csv`. */
  source: string;
  records: RawRecord[];
  boundariesSource?: string;
  boundaries?: RawFeature[];
  /**
   * The day ward names and codes are read on and the list's units start (never before their
   * ward). Absent: the first day any stored ward exists, i.e. the earliest stored tree.
   */
  validFrom?: string;
  /**
   * The one ward this list is for (its key), when a ward committee sends its own list: rows may
   * leave the ward out, and a row naming another ward is refused rather than written there.
   */
  ward?: string;
}

export interface StoredBoundary {
  geometry: AreaGeometry;
  approximate: boolean;
}

export type NeighbourhoodListResult =
  | {
      ok: true;
      input: GeoImportInput;
      /**
       * Stored neighbourhoods of the list's wards that the list leaves out. They are kept, never
       * ended: their cases and history stay theirs, and whoever sent the list is shown them.
       */
      notInList: Unit[];
    }
  | { ok: false; errors: GeoImportError[] };

/** Header names as officers write them, English and Vietnamese (matched case-insensitively). */
const COLUMN_ALIASES: Record<string, string[]> = {
  code: ['code', 'neighbourhood_code', 'ma', 'mã', 'mã khu phố/ấp', 'ma_khu_pho'],
  name: ['name', 'neighbourhood', 'ten', 'tên', 'tên khu phố/ấp', 'khu phố/ấp'],
  wardCode: ['ward_code', 'mã phường/xã', 'ma_phuong_xa', 'ma_phuong'],
  ward: ['ward', 'phường/xã', 'phuong_xa', 'phường', 'xã'],
  district: ['district', 'quận/huyện', 'quan_huyen', 'quận', 'huyện'],
  population: ['population', 'dân số', 'dan_so'],
  households: ['households', 'số hộ', 'so_ho'],
};

/**
 * Turns a neighbourhood list (one row per khu phố or ấp, its ward named by code or by name) into
 * an ordinary geography import: units of kind `neighbourhood` under their wards, with codes
 * `<ward code>-<n>` where the list gives none, and boundaries — the file's, or approximate areas
 * partitioning the ward where it has none. Faults that need the list as a whole (which ward a
 * name means, a name twice in a ward, a boundary off its ward) are found here, each naming its row.
 */
export function planNeighbourhoodList(
  input: NeighbourhoodListInput,
  existing: readonly Unit[],
  storedBoundaries: ReadonlyMap<string, StoredBoundary>,
): NeighbourhoodListResult {
  const errors: GeoImportError[] = [];
  const wardStarts = existing.filter((u) => u.kind === 'ward').map((u) => u.validFrom);
  const listWard = input.ward === undefined ? undefined : existing.find((u) => u.code === input.ward);
  const readOn = input.validFrom ?? listWard?.validFrom ?? (wardStarts.length > 0 ? wardStarts.reduce((a, b) => (a < b ? a : b)) : '2020-01-01');
  const resolver = new UnitResolver(new Hierarchy(existing));
  const storedCodes = new Set(existing.map((u) => u.code));
  const explicitCodes = new Set(input.records.map((r) => text(r.values, 'code')).filter((c) => c !== ''));
  if (input.records.length === 0) errors.push({ where: input.source, message: 'Danh sách không có dòng nào / the list has no rows' });
  const rows: Array<{ record: RawRecord; ward: Unit; wardCode: string; name: string; code: string; population: string; households: string }> = [];
  const namesInWard = new Map<string, number>();

  for (const record of input.records) {
    const where = `${input.source} row ${record.row}`;
    const fault = (field: string, message: string) => errors.push({ where, row: record.row, field, message });
    const name = text(record.values, 'name').normalize('NFC');
    const wardCodeText = text(record.values, 'wardCode');
    const wardName = text(record.values, 'ward');
    const districtName = text(record.values, 'district');
    const population = text(record.values, 'population');
    const households = text(record.values, 'households');
    if (!name) fault('name', 'Thiếu tên khu phố/ấp / name is missing');
    if (!population) fault('population', 'Thiếu dân số / population is missing');
    else if (!isCount(population)) fault('population', `Dân số ${JSON.stringify(population)} không phải số nguyên ≥ 0 / population is not a whole number ≥ 0`);
    if (households && !isCount(households))
      fault('households', `Số hộ ${JSON.stringify(households)} không phải số nguyên ≥ 0 / households is not a whole number ≥ 0`);

    let ward: Unit | undefined;
    if (listWard) {
      // A ward's own list: the ward column may be left out, and may not name another ward.
      ward = listWard;
      const named = wardCodeText || wardName;
      if (named && !namesWard(resolver, listWard, wardCodeText, wardName, districtName, readOn)) {
        fault(
          wardCodeText ? 'ward_code' : 'ward',
          `"${named}" không phải ${listWard.name} (${listWard.code}): danh sách này chỉ dành cho phường/xã đó / is not ${listWard.name} (${listWard.code}), the only ward this list is for`,
        );
        ward = undefined;
      }
    } else if (!wardCodeText && !wardName) {
      fault('ward', 'Thiếu mã hoặc tên phường/xã / ward_code or ward is missing');
    } else {
      const field = wardCodeText ? 'ward_code' : 'ward';
      const resolution = resolver.resolve(wardCodeText || null, wardCodeText ? null : wardName, wardCodeText ? null : districtName || null, readOn);
      if (!resolution.ok) fault(field, resolution.error.message);
      else {
        ward = resolver.unitOn(resolution.code, readOn);
        if (ward && ward.kind !== 'ward') {
          fault(field, `${ward.name} (${ward.code}) không phải phường/xã / is a ${ward.kind}, not a ward`);
          ward = undefined;
        }
      }
    }
    if (!ward || !name) continue;
    const code = text(record.values, 'code');
    // A code some other unit holds would move that unit here (or turn a ward into a khu phố).
    const holder = code ? existing.find((u) => officialCode(u.code) === code && coexist(u, { validFrom: readOn, validTo: ward.validTo })) : undefined;
    if (holder && (holder.kind !== NEIGHBOURHOOD_KIND || holder.parentCode !== ward.code)) {
      const parent = holder.parentCode === null ? undefined : existing.find((u) => u.code === holder.parentCode);
      fault(
        'code',
        `Mã ${code} đã là của ${holder.name}${parent ? ` (${parent.name})` : ''}, không thuộc ${ward.name} / code ${code} is already ${holder.name}${parent ? ` in ${parent.name}` : ''}, not a neighbourhood of ${ward.name}`,
      );
      continue;
    }
    const key = `${ward.code}|${fold(name)}`;
    const earlier = namesInWard.get(key);
    if (earlier !== undefined) {
      fault('name', `"${name}" trùng tên với dòng ${earlier} trong ${ward.name} / duplicate name in ${ward.name} (already row ${earlier})`);
      continue;
    }
    namesInWard.set(key, record.row);
    rows.push({ record, ward, wardCode: ward.code, name, code, population, households });
  }

  // Rows without a code: the stored neighbourhood of that name keeps its code (a committee's
  // correction updates it), else the next free `<ward code>-<n>`.
  for (const row of rows) {
    if (row.code) continue;
    const stored = existing.find(
      (u) => u.kind === NEIGHBOURHOOD_KIND && u.parentCode === row.wardCode && isValidOn(u, readOn) && fold(u.name) === fold(row.name),
    );
    if (stored) {
      row.code = stored.code;
      continue;
    }
    let n = 1;
    while (storedCodes.has(`${row.wardCode}-${n}`) || explicitCodes.has(`${row.wardCode}-${n}`)) n++;
    row.code = `${row.wardCode}-${n}`;
    explicitCodes.add(row.code);
  }

  const boundaries: RawFeature[] = [];
  const bounded = new Set<string>();
  const boundariesSource = input.boundariesSource ?? 'boundaries';
  for (const raw of input.boundaries ?? []) {
    boundaries.push(raw);
    const f = (raw.feature ?? {}) as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const code = String(f.properties?.code ?? f.id ?? '').trim();
    const row = rows.find((r) => r.code === code);
    if (!row) continue; // planGeoImport names features of unknown codes
    bounded.add(row.code);
    const ward = storedBoundaries.get(row.wardCode);
    // Only a real ward border can prove a neighbourhood is elsewhere: approximate ward areas are
    // a guess at where the ward is, and a true neighbourhood may lie outside the guess.
    if (!ward || ward.approximate || !isArea(f.geometry)) continue;
    let touches: boolean;
    try {
      touches = booleanIntersects(f.geometry, ward.geometry);
    } catch {
      continue; // a broken geometry is reported by the geometry check
    }
    if (!touches) {
      errors.push({
        where: `${boundariesSource} feature ${raw.index} (code ${code})`,
        field: 'geometry',
        message: `Ranh giới không chạm phường/xã ${row.wardCode} (dòng ${row.record.row}) / boundary does not overlap its ward ${row.wardCode} (${input.source} row ${row.record.row})`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const listed = new Set(rows.map((r) => r.code));
  const wardsListed = new Set(rows.map((r) => r.wardCode));
  if (listWard) wardsListed.add(listWard.code);
  const notInList = existing.filter(
    (u) => u.kind === NEIGHBOURHOOD_KIND && u.parentCode !== null && wardsListed.has(u.parentCode) && isValidOn(u, readOn) && !listed.has(u.code),
  );

  // Wards whose neighbourhoods come without boundaries: approximate areas tiling the ward. A
  // neighbourhood with a real stored border keeps it; the approximate ones the list leaves out are
  // drawn again with the rest, so the ward's guessed areas still tile it without overlapping.
  let index = boundaries.length;
  const unboundedByWard = new Map<string, string[]>();
  const hasRealBorder = (code: string) => storedBoundaries.get(code)?.approximate === false;
  const unbounded = [
    ...rows.filter((r) => !bounded.has(r.code) && !hasRealBorder(r.code)).map((r) => ({ code: r.code, wardCode: r.wardCode })),
    ...notInList.filter((u) => !hasRealBorder(u.code)).map((u) => ({ code: u.code, wardCode: u.parentCode! })),
  ];
  for (const { code, wardCode } of unbounded) {
    if (!storedBoundaries.has(wardCode)) continue;
    const list = unboundedByWard.get(wardCode);
    if (list) list.push(code);
    else unboundedByWard.set(wardCode, [code]);
  }
  // Only wards where the list itself brings a neighbourhood without a border are drawn again.
  for (const [wardCode, codes] of unboundedByWard) if (!codes.some((c) => listed.has(c))) unboundedByWard.delete(wardCode);
  for (const [wardCode, codes] of unboundedByWard) {
    const ward = storedBoundaries.get(wardCode)!;
    const cells = partitionAroundPoints(ward.geometry, spreadPoints(ward.geometry, codes));
    for (const code of codes) {
      const geometry = cells.get(code);
      if (geometry) boundaries.push({ index: ++index, feature: { type: 'Feature', properties: { code, approximate: true }, geometry } });
    }
  }

  return {
    ok: true,
    input: {
      unitsSource: input.source,
      // The ward is valid on `readOn`, so the neighbourhood starts then and ends with its ward.
      units: rows.map(({ record, ward, code, name, population, households }) => ({
        row: record.row,
        values: {
          code,
          name,
          kind: NEIGHBOURHOOD_KIND,
          parent_code: ward.code,
          population,
          households,
          valid_from: readOn,
          valid_to: ward.validTo ?? '',
        },
      })),
      boundariesSource,
      boundaries,
      codesValidOn: readOn,
    },
    notInList,
  };
}

/** Whether a row's ward column names the ward a ward's own list is for. */
function namesWard(resolver: UnitResolver, ward: Unit, wardCode: string, wardName: string, district: string, readOn: string): boolean {
  if (wardCode) return wardCode === ward.code || wardCode === officialCode(ward.code);
  const resolution = resolver.resolve(null, wardName, district || null, readOn);
  // A name that fits several wards ("Phường 1") means this one when it is this one's name.
  return resolution.ok ? resolution.code === ward.code : fold(wardName) === fold(ward.name);
}

/**
 * One reference point per code, spread evenly over the area: a lattice of interior points is
 * grouped into as many clusters as codes (a few rounds of k-means from a farthest-point start),
 * and each cluster's lattice point nearest its mean is the seed, so cells come out of similar
 * size. Deterministic, so a re-import draws the same cells. Points are read north to south,
 * west to east, in the order of the codes ("Khu phố 1" top left).
 */
function spreadPoints(area: AreaGeometry, codes: readonly string[]): ReferencePoint[] {
  const [minX, minY, maxX, maxY] = bbox(area);
  let lattice: Array<[number, number]> = [];
  for (let side = Math.max(24, Math.ceil(Math.sqrt(codes.length) * 8)); lattice.length < codes.length * 4 && side <= 2048; side *= 2) {
    lattice = [];
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        const p: [number, number] = [minX + ((i + 0.5) * (maxX - minX)) / side, minY + ((j + 0.5) * (maxY - minY)) / side];
        if (booleanPointInPolygon(p, area)) lattice.push(p);
      }
    }
  }
  if (lattice.length < codes.length) throw new Error(`area too small to place ${codes.length} reference points`);
  const d2 = (a: [number, number], b: [number, number]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  const mean = lattice.reduce<[number, number]>((m, p) => [m[0] + p[0] / lattice.length, m[1] + p[1] / lattice.length], [0, 0]);
  const nearest = (target: [number, number]) => lattice.reduce((best, p) => (d2(p, target) < d2(best, target) ? p : best));
  const seeds: Array<[number, number]> = [nearest(mean)];
  while (seeds.length < codes.length) {
    seeds.push(lattice.reduce((best, p) => (Math.min(...seeds.map((s) => d2(p, s))) > Math.min(...seeds.map((s) => d2(best, s))) ? p : best)));
  }
  for (let round = 0; round < 12; round++) {
    const sums = seeds.map(() => ({ x: 0, y: 0, n: 0 }));
    for (const p of lattice) {
      let k = 0;
      for (let s = 1; s < seeds.length; s++) if (d2(p, seeds[s]) < d2(p, seeds[k])) k = s;
      sums[k].x += p[0];
      sums[k].y += p[1];
      sums[k].n++;
    }
    sums.forEach((s, k) => {
      if (s.n > 0) seeds[k] = nearest([s.x / s.n, s.y / s.n]);
    });
  }
  const unique = [...new Map(seeds.map((s) => [`${s[0]},${s[1]}`, s])).values()];
  while (unique.length < codes.length) unique.push(lattice.find((p) => !unique.includes(p))!);
  unique.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return codes.map((code, i) => ({ code, lon: unique[i][0], lat: unique[i][1] }));
}

function isCount(value: string): boolean {
  return /^\d+$/.test(value.replace(/[ ,.](?=\d{3}\b)/g, ''));
}

function isArea(geometry: unknown): geometry is AreaGeometry {
  const type = (geometry as { type?: unknown } | null)?.type;
  return type === 'Polygon' || type === 'MultiPolygon';
}

function text(values: Record<string, unknown>, field: string): string {
  for (const alias of COLUMN_ALIASES[field] ?? [field]) {
    for (const key of Object.keys(values)) {
      if (key.normalize('NFC').trim().toLowerCase() === alias) {
        const v = values[key];
        return v === null || v === undefined ? '' : String(v).trim();
      }
    }
  }
  return '';
}
