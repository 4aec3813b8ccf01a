import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AreaGeometry } from '../../src/core/geo/geometry.ts';
import { GeoImportRejected, hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import type { Store } from '../../src/store/database.ts';
import { applyGeoImport, loadAdjacency, loadBoundaries, loadUnits } from '../../src/store/geography-store.ts';
import { polygonWithNaN } from '../support/shapes.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const facts = (file: string) =>
  (parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'hcmc-2021', 'sources', file)), { columns: true }) as Record<string, string>[]).map((r) =>
    Object.values(r).slice(0, 2).join('-'),
  );

/** The three-commune grid with approximate areas and its adjacency file; returns the fixtures folder. */
async function importGrid(store: Store): Promise<string> {
  const dir = join(import.meta.dirname, 'fixtures');
  await importGeoFiles(
    store.db,
    { units: join(dir, 'grid-units.csv'), boundaries: [join(dir, 'grid-approximate.geojson')], adjacency: [join(dir, 'grid-adjacency.csv')] },
    'test',
  );
  return dir;
}

describe.each(ENGINES)('geography store [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
  });
  afterAll(() => store.dispose());

  it('holds 1 city, 22 districts, 312 wards with population summing to 8,993,082', async () => {
    const units = await loadUnits(store.db);
    const count = (kind: string) => units.filter((u) => u.kind === kind).length;
    expect([count('city'), count('district'), count('ward')]).toEqual([1, 22, 312]);
    expect(units.filter((u) => u.kind === 'ward').reduce((s, u) => s + u.population!, 0)).toBe(8_993_082);
    expect(units.find((u) => u.code === '26740')).toMatchObject({ name: 'Phường Bến Nghé', parentCode: '760', population: 10633 });
  });

  it('keeps the 825 ward pairs and 52 district pairs of the shared facts, symmetric, every ward with a neighbour', async () => {
    const wards = await loadAdjacency(store.db, 'ward');
    const districts = await loadAdjacency(store.db, 'district');
    expect(wards.map((p) => `${p.a}-${p.b}`).sort()).toEqual(facts('hcmc_ward_adjacency.csv').sort());
    expect(districts.map((p) => `${p.a}-${p.b}`).sort()).toEqual(facts('hcmc_district_adjacency.csv').sort());
    const touched = new Set(wards.flatMap((p) => [p.a, p.b]));
    expect(touched.size).toBe(312);
    for (const p of wards) expect(p.a < p.b).toBe(true);
  });

  it('stores 312 ward boundaries, 278 approximate', async () => {
    const boundaries = await loadBoundaries(store.db, 'ward');
    expect(boundaries).toHaveLength(312);
    expect(boundaries.filter((b) => b.approximate)).toHaveLength(278);
  });

  it('re-importing the same dataset changes nothing', async () => {
    const before = JSON.stringify([await loadUnits(store.db), await loadAdjacency(store.db)]);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    expect(JSON.stringify([await loadUnits(store.db), await loadAdjacency(store.db)])).toBe(before);
  });

  it('a rejected import leaves the store exactly as it was', async () => {
    const before = JSON.stringify([await loadUnits(store.db), await loadBoundaries(store.db, 'ward'), await loadAdjacency(store.db)]);
    const dir = join(import.meta.dirname, 'fixtures');
    await expect(
      importGeoFiles(store.db, { units: join(dir, 'units-bad-parent.csv'), boundaries: [join(dir, 'ward-broken.geojson')] }, 'test'),
    ).rejects.toBeInstanceOf(GeoImportRejected);
    expect(JSON.stringify([await loadUnits(store.db), await loadBoundaries(store.db, 'ward'), await loadAdjacency(store.db)])).toBe(before);
  });

  it('official boundaries replace approximate ones and adjacency is recomputed from them', async () => {
    const local = await freshStore(engine);
    try {
      const dir = await importGrid(local);
      expect((await loadAdjacency(local.db, 'commune')).map((p) => `${p.a}-${p.b}`)).toEqual(['A-C']);
      await importGeoFiles(local.db, { boundaries: [join(dir, 'grid-official.geojson')] }, 'test');
      expect((await loadBoundaries(local.db, 'commune')).every((b) => !b.approximate)).toBe(true);
      expect((await loadAdjacency(local.db, 'commune')).map((p) => `${p.a}-${p.b}`)).toEqual(['A-B', 'B-C']);
    } finally {
      await local.dispose();
    }
  });

  it('a recompute that fails keeps the stored adjacency as it was; the import says so', async () => {
    const local = await freshStore(engine);
    try {
      await importGrid(local);
      const before = await loadAdjacency(local.db, 'commune');
      expect(before.map((p) => `${p.a}-${p.b}`)).toEqual(['A-C']);
      const square = (x: number): AreaGeometry => ({
        type: 'Polygon',
        coordinates: [
          [
            [x, 10.7],
            [x + 0.01, 10.7],
            [x + 0.01, 10.71],
            [x, 10.71],
            [x, 10.7],
          ],
        ],
      });
      const official = (geometries: AreaGeometry[]) => ({
        units: [],
        boundaries: geometries.map((geometry, i) => ({ code: 'ABC'[i], kind: 'commune', geometry, approximate: false })),
        adjacency: new Map(),
      });
      // The computation throws (a coordinate that is no longitude/latitude got past validation).
      const broken = polygonWithNaN();
      const thrown = await applyGeoImport(local.db, official([broken, square(106.71), square(106.72)]), 'test', 'test');
      expect(thrown.adjacency.commune).toMatchObject({ pairs: 1, source: 'kept', reason: expect.stringMatching(/^A: coordinate/) });
      expect(await loadAdjacency(local.db, 'commune')).toEqual(before);
      // It finds no shared border at all among three areas (here: three squares kilometres apart).
      const apart = await applyGeoImport(local.db, official([square(106.7), square(106.73), square(106.76)]), 'test', 'test');
      expect(apart.adjacency.commune).toEqual({ pairs: 1, source: 'kept', reason: 'no shared border among 3 areas' });
      expect(await loadAdjacency(local.db, 'commune')).toEqual(before);
      // Good polygons then replace it.
      const good = await applyGeoImport(local.db, official([square(106.7), square(106.71), square(106.72)]), 'test', 'test');
      expect(good.adjacency.commune).toEqual({ pairs: 2, source: 'computed' });
      expect((await loadAdjacency(local.db, 'commune')).map((p) => `${p.a}-${p.b}`)).toEqual(['A-B', 'B-C']);
    } finally {
      await local.dispose();
    }
  });
});
