import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { area, feature, featureCollection, intersect } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GeoImportRejected, hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { feedPosition, readChanges } from '../../src/store/change-feed-store.ts';
import type { Store } from '../../src/store/database.ts';
import { loadBoundaries, loadUnits } from '../../src/store/geography-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'vx-neighbourhoods-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Everything a refused import must leave as it was. */
async function snapshot(store: Store): Promise<string> {
  return JSON.stringify([await loadUnits(store.db), await loadBoundaries(store.db), await feedPosition(store.db)]);
}

describe.each(ENGINES)('neighbourhood import [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
  });
  afterAll(() => store.dispose());

  it('lands a list for Bến Nghé named "P. Bến Nghé", "Q.1" as neighbourhoods tiling the ward, and tells running servers', async () => {
    const before = await feedPosition(store.db);
    const list = file(
      'ben-nghe.csv',
      'Tên,Phường/Xã,Quận/Huyện,Dân số,Số hộ\nKhu phố 1,P. Bến Nghé,Q.1,2500,610\nKhu phố 2,P. Bến Nghé,Q.1,3100,\nKhu phố 3,P. Bến Nghé,Q.1,2033,\nKhu phố 4,P. Bến Nghé,Q.1,3000,\n',
    );
    const summary = await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    expect(summary).toMatchObject({ units: 4, boundaries: 4 });

    const units = (await loadUnits(store.db)).filter((u) => u.kind === 'neighbourhood');
    expect(units.map((u) => [u.code, u.name, u.parentCode, u.population, u.validFrom])).toEqual([
      ['26740-1', 'Khu phố 1', '26740', 2500, '2021-01-01'],
      ['26740-2', 'Khu phố 2', '26740', 3100, '2021-01-01'],
      ['26740-3', 'Khu phố 3', '26740', 2033, '2021-01-01'],
      ['26740-4', 'Khu phố 4', '26740', 3000, '2021-01-01'],
    ]);
    expect(units.map((u) => u.households)).toEqual([610, undefined, undefined, undefined]);
    const ward = (await loadBoundaries(store.db, 'ward')).find((b) => b.code === '26740')!.geometry;
    const cells = await loadBoundaries(store.db, 'neighbourhood');
    expect(cells.every((c) => c.approximate)).toBe(true);
    const wardArea = area(ward);
    // Within the ward: all of each cell's area is inside it (up to rounding to 0.1 m).
    for (const c of cells) expect(area(intersect(featureCollection([feature(c.geometry), feature(ward)]))!)).toBeGreaterThan(area(c.geometry) * 0.999);
    expect(Math.abs(cells.reduce((s, c) => s + area(c.geometry), 0) - wardArea)).toBeLessThan(wardArea * 1e-3);
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const overlap = intersect(featureCollection([feature(cells[i].geometry), feature(cells[j].geometry)]));
        expect(overlap === null ? 0 : area(overlap)).toBeLessThan(wardArea * 1e-4);
      }
    }
    expect((await readChanges(store.db, before)).map((c) => c.kind)).toContain('geography');
  });

  it('takes a list by ward_code, and the units API lists the ward’s neighbourhoods', async () => {
    const list = file('ben-thanh.csv', 'ward_code,name,population\n26743,Khu phố 1,4000\n26743,Khu phố 2,7714\n');
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    const { app } = await buildApp({ store, webRoot: '/nonexistent' });
    try {
      const listed = (await app.inject({ method: 'GET', url: '/api/v1/units?parent=26740' })).json();
      expect(listed.units.map((u: { code: string; kind: string }) => `${u.code} ${u.kind}`)).toEqual([
        '26740-1 neighbourhood',
        '26740-2 neighbourhood',
        '26740-3 neighbourhood',
        '26740-4 neighbourhood',
      ]);
      const benThanh = (await app.inject({ method: 'GET', url: '/api/v1/units?parent=26743' })).json();
      expect(benThanh.units.map((u: { code: string }) => u.code)).toEqual(['26743-1', '26743-2']);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['an unknown ward code', 'ward_code,name,population\n26740,Khu phố 7,10\n12345,Khu phố 8,10\n', 'row 3 [ward_code]'],
    ['an unknown ward name', 'ward,district,name,population\nBến Nghé,Q.1,Khu phố 7,10\nPhường Không Có,Q.1,Khu phố 8,10\n', 'row 3 [ward]'],
    ['a ward name fitting several wards', 'ward,name,population\nBến Nghé,Khu phố 7,10\nPhường 1,Khu phố 8,10\n', 'row 3 [ward]'],
    ['a duplicate name in a ward', 'ward_code,name,population\n26740,Khu phố 7,10\n26740,Khu Phố 7,10\n', 'row 3 [name]'],
    ['a missing population', 'ward_code,name,population\n26740,Khu phố 7,10\n26740,Khu phố 8,\n', 'row 3 [population]'],
    ['a negative population', 'ward_code,name,population\n26740,Khu phố 7,10\n26740,Khu phố 8,-3\n', 'row 3 [population]'],
  ])('refuses %s naming the row, and changes nothing', async (_label, csv, where) => {
    const before = await snapshot(store);
    const error = await importGeoFiles(store.db, { neighbourhoods: file('bad.csv', csv) }, 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeoImportRejected);
    expect((error as Error).message).toContain(`bad.csv ${where}`);
    expect(await snapshot(store)).toBe(before);
  });

  it('refuses a boundary that does not touch its ward’s real border, and changes nothing', async () => {
    // A ward whose shipped border is real; a square 100 km away is no khu phố of it.
    const wards = await loadBoundaries(store.db, 'ward');
    const real = wards.find((b) => !b.approximate)!;
    const before = await snapshot(store);
    const list = file('off.csv', `code,ward_code,name,population\nKP-OFF,${real.code},Khu phố 1,10\n`);
    const far = file(
      'off.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'KP-OFF' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [107.6, 11.6],
                  [107.61, 11.6],
                  [107.61, 11.61],
                  [107.6, 11.61],
                  [107.6, 11.6],
                ],
              ],
            },
          },
        ],
      }),
    );
    const error = await importGeoFiles(store.db, { neighbourhoods: list, boundaries: [far] }, 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeoImportRejected);
    expect((error as Error).message).toContain('off.geojson feature 1 (code KP-OFF) [geometry]');
    expect((error as Error).message).toContain('off.csv row 2');
    expect(await snapshot(store)).toBe(before);
  });
});
