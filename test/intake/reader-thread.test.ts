import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { readValidatedParts } from '../../src/intake/validated-parts.ts';

const root = join(import.meta.dirname, '..', '..');
const src = (path: string) => pathToFileURL(join(root, 'src', path)).href;

describe('the reading thread of a file import', () => {
  it('is stopped when the import fails before its first part is read, so the process can exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vx-reader-'));
    writeFileSync(join(dir, 'cases.csv'), 'id,confirmedDate,unit,setting,sourceKnown\nR1,2021-07-01,26740,community,true\n');
    // The first transaction cannot begin (SQLite's write transactions take the connection to begin
    // IMMEDIATE): the import fails, and nothing else keeps the process alive.
    const script = join(dir, 'fail.mts');
    writeFileSync(
      script,
      `import { hcmc2021Files, importGeoFiles } from '${src('files/geo-files.ts')}';
import { importFile } from '${src('app/intake/file-import.ts')}';
import { openStore } from '${src('store/database.ts')}';
const store = await openStore('sqlite:${join(dir, 'db.sqlite')}');
await importGeoFiles(store.db, { units: hcmc2021Files().units }, 't', 't');
store.db.transaction = store.db.connection = () => { throw new Error('no transaction today'); };
await importFile(store, { kind: 'cases', path: '${join(dir, 'cases.csv')}', sender: { actor: 't', scope: null }, rejectsPath: '${join(dir, 'r.csv')}' }).catch((e) => console.log('failed:', e.message));
await store.close();
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout).toContain('failed: no transaction today');
    expect(run.signal, 'the process had to be killed: the reading thread kept it alive').toBeNull();
    expect(run.status).toBe(0);
  });
});

describe('the total a reading thread announces', () => {
  const read = (fileName: string, text: string) =>
    readValidatedParts({ source: { bytes: Buffer.from(text), fileName }, kind: 'cases', units: [], scope: null, today: '2021-08-01', batchSize: 2000 });
  const row = (i: number) => ({ id: `T${i}`, confirmedDate: '2021-07-05', unit: '26740', setting: 'community', sourceKnown: true });

  it('is the line count for CSV and NDJSON, and unknown for a JSON array, whose lines are not its rows', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => row(i));
    const files = {
      'a.csv': 'id,confirmedDate,unit,setting,sourceKnown\n' + rows.map((r) => Object.values(r).join(',')).join('\n'),
      'a.ndjson': rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'one-line.json': JSON.stringify(rows),
      'pretty.json': JSON.stringify(rows, null, 2),
    };
    const totals: Record<string, number | null> = {};
    for (const [name, text] of Object.entries(files)) {
      const file = await read(name, text);
      totals[name] = file.total;
      await file.close();
    }
    expect(totals).toEqual({ 'a.csv': 3, 'a.ndjson': 3, 'one-line.json': null, 'pretty.json': null });
  });
});
