import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const src = (path: string) => pathToFileURL(join(root, 'src', path)).href;

describe('the reading thread of a file import', () => {
  it('is stopped when the import fails before its first part is read, so the process can exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vx-reader-'));
    writeFileSync(join(dir, 'cases.csv'), 'id,confirmedDate,unit,setting,sourceKnown\nR1,2021-07-01,26740,community,true\n');
    // The first transaction cannot begin: the import fails, and nothing else keeps the process alive.
    const script = join(dir, 'fail.mts');
    writeFileSync(
      script,
      `import { hcmc2021Files, importGeoFiles } from '${src('files/geo-files.ts')}';
import { importFile } from '${src('intake/file-import.ts')}';
import { openStore } from '${src('store/database.ts')}';
const store = await openStore('sqlite:${join(dir, 'db.sqlite')}');
await importGeoFiles(store.db, { units: hcmc2021Files().units }, 't', 't');
store.db.transaction = () => { throw new Error('no transaction today'); };
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
