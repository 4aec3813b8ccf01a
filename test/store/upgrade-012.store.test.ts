import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importGeoFiles } from '../../src/files/geo-files.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { ENGINES } from '../support/stores.ts';
import { insertSmallCity, upgradedFrom } from '../support/upgrade.ts';

describe.each(ENGINES)('upgrading a database made at corrected cuts (011) to unit households (012) [%s]', (engine) => {
  it('keeps the stored units as they were and takes households from a neighbourhood list', async () => {
    let before: unknown[] = [];
    await upgradedFrom(
      engine,
      '011-cut-corrections',
      async (db) => {
        await insertSmallCity(db);
        before = await db.selectFrom('units').selectAll().orderBy('code').execute();
      },
      async (upgraded) => {
        const units = await loadUnits(upgraded.db);
        expect(units.map((u) => [u.code, u.population, u.households])).toEqual([
          ['26734', 25_000, undefined],
          ['760', 142_625, undefined],
          ['79', 8_993_082, undefined],
        ]);
        expect(units).toHaveLength(before.length);
        const list = join(mkdtempSync(join(tmpdir(), 'vx-upgrade-012-')), 'tan-dinh.csv');
        writeFileSync(list, 'Tên,Mã phường/xã,Dân số,Số hộ\nKhu phố 1,26734,12000,3100\nKhu phố 2,26734,13000,\n');
        await importGeoFiles(upgraded.db, { neighbourhoods: list }, 'test');
        const neighbourhoods = (await loadUnits(upgraded.db)).filter((u) => u.kind === 'neighbourhood');
        expect(neighbourhoods.map((u) => [u.code, u.parentCode, u.population, u.households])).toEqual([
          ['26734-1', '26734', 12_000, 3100],
          ['26734-2', '26734', 13_000, undefined],
        ]);
      },
    );
  });
});
