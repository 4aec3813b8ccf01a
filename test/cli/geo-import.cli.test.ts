import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { openStore } from '../../src/store/database.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vx-cli-'));
const run = (database: string, ...args: string[]) => runCliHere('--database', database, ...args);

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('vungxanh geo import (CLI)', () => {
  const database = `sqlite:${join(dir, 'cli.sqlite')}`;

  it('imports the shipped HCMC 2021 geography', () => {
    // The one run as its own process: the shipped command, start to exit code.
    const { status, stdout: out, stderr } = spawnCli(['--database', database, 'geo', 'import', '--hcmc-2021']);
    expect(status, stderr).toBe(0);
    expect(out).toContain('335 units, 335 boundaries');
    expect(out).toContain('adjacency ward: 825 pairs (file)');
    expect(out).toContain('adjacency district: 52 pairs (file)');
  });

  it.each([
    [
      'unknown parent',
      'units',
      'code,name,kind,parent_code\n99001,Phường Mới,ward,760\n99002,Phường Lạ,ward,123\n',
      'units.csv row 3 [parent]: unknown parent 123 for unit 99002',
    ],
    [
      'duplicate code',
      'units',
      'code,name,kind,parent_code\n99001,Phường Mới,ward,760\n99001,Phường Mới 2,ward,760\n',
      'units.csv row 3 [code]: duplicate code 99001',
    ],
    [
      'wrong encoding',
      'units',
      Buffer.concat([Buffer.from('code,name,kind,parent_code\n99001,Ph'), Buffer.from([0xf0, 0x28]), Buffer.from('ng,ward,760\n')]),
      'units.csv line 2: not valid UTF-8',
    ],
    [
      'broken geometry',
      'boundaries',
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"26740"},"geometry":{"type":"Polygon","coordinates":[[[106.7,10.7],[106.71,10.7],[106.71,10.71]]]}}]}',
      'wards.geojson feature 1 (code 26740) [geometry]: ring 1 has 3 positions',
    ],
  ])('rejects %s naming the row or feature, and changes nothing', async (_label, option, content, message) => {
    const path = file(option === 'units' ? 'units.csv' : 'wards.geojson', content);
    const store = await openStore(database);
    const before = JSON.stringify(await loadUnits(store.db));
    await store.close();
    const result = await run(database, 'geo', 'import', `--${option}`, path);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    const after = await openStore(database);
    expect(JSON.stringify(await loadUnits(after.db))).toBe(before);
    await after.close();
  });

  it('imports the shipped 2025 communes beside 2021: a new city of 168 communes, the 2021 tree ended on 30/06/2025', async () => {
    const result = await run(database, 'geo', 'import', '--hcmc-2025');
    expect(result.status, result.stderr).toBe(0);
    // 169 new units (the city and its communes) and the 335 of 2021 given their end.
    expect(result.stdout).toContain('504 units, 1 boundaries');
    const store = await openStore(database);
    const units = await loadUnits(store.db);
    await store.close();
    const from2025 = units.filter((u) => u.validFrom === '2025-07-01');
    expect(from2025).toHaveLength(169);
    expect(from2025.filter((u) => u.kind === 'ward' && u.parentCode === '79@2025-07-01')).toHaveLength(168);
    expect(from2025.filter((u) => u.code.endsWith('@2025-07-01'))).toHaveLength(103); // the city and 102 reused ward codes
    expect(units.find((u) => u.code === '26737@2025-07-01')).toMatchObject({ name: 'Phường Tân Định', population: null, validTo: null });
    expect(units.filter((u) => u.validFrom === '2021-01-01').every((u) => u.validTo === '2025-06-30')).toBe(true);
  });

  it('imports a khu phố list by ward name, read on the 2021 map, ending with its ward; refuses a bad one whole', async () => {
    const list = file('ben-nghe.csv', 'Tên,Phường/Xã,Quận/Huyện,Dân số,Số hộ\nKhu phố 1,P. Bến Nghé,Q.1,5000,1200\nKhu phố 2,P. Bến Nghé,Q.1,5633,\n');
    const result = await run(database, 'geo', 'import', '--neighbourhoods', list);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 units, 2 boundaries');
    const store = await openStore(database);
    const units = await loadUnits(store.db);
    await store.close();
    expect(units.filter((u) => u.kind === 'neighbourhood').map((u) => [u.code, u.parentCode, u.population, u.validFrom, u.validTo])).toEqual([
      ['26740-1', '26740', 5000, '2021-01-01', '2025-06-30'],
      ['26740-2', '26740', 5633, '2021-01-01', '2025-06-30'],
    ]);

    const bad = file('bad-list.csv', 'ward_code,name,population\n26740,Khu phố 3,100\n26740,Khu phố 4,-1\n');
    const refused = await run(database, 'geo', 'import', '--neighbourhoods', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('bad-list.csv row 3 [population]');
    const after = await openStore(database);
    expect(JSON.stringify(await loadUnits(after.db))).toBe(JSON.stringify(units));
    await after.close();
  });

  it('lists its commands in --help', async () => {
    const { status, stdout: help } = await run(database, '--help');
    expect(status).toBe(0);
    expect(help).toContain('serve');
    expect(help).toContain('geo');
  });
});
