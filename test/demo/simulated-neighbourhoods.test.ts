import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { loadDemoNeighbourhoods } from '../../src/demo/demo-start.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { readDemoState } from '../../src/store/demo-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/** Pages say "the khu phố and ấp list is simulated" only while the stored list is the demo's generated one. */
describe.each(ENGINES)('the simulated neighbourhood mark [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>> | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('marks the list the demo generates, and keeps the mark on the next start', async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    expect((await readDemoState(store.db)).simulatedNeighbourhoods).toBe(false);
    await loadDemoNeighbourhoods(store, () => {});
    expect((await readDemoState(store.db)).simulatedNeighbourhoods).toBe(true);
    await loadDemoNeighbourhoods(store, () => {});
    expect((await readDemoState(store.db)).simulatedNeighbourhoods).toBe(true);
  });

  it('does not mark a list a city sent, even one named and coded like the demo’s', async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    const list = join(mkdtempSync(join(tmpdir(), 'vx-nb-mark-')), 'ben-nghe.csv');
    writeFileSync(list, 'Tên,Phường/Xã,Quận/Huyện,Dân số\nKhu phố 1,P. Bến Nghé,Q.1,2500\nKhu phố 2,P. Bến Nghé,Q.1,3100\n');
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    // The demo finds neighbourhoods already stored: it imports none, and does not call them its own.
    await loadDemoNeighbourhoods(store, () => {});
    expect((await readDemoState(store.db)).simulatedNeighbourhoods).toBe(false);
  });
});
