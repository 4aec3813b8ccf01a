import { describe, expect, it } from 'vitest';

import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

describe.each(ENGINES)('import jobs whose server died [%s]', (engine) => {
  it('are reported as interrupted once their heartbeat is stale', async () => {
    const { getImportJob, STALE_AFTER_MS } = await import('../../src/app/intake/import-job.ts');
    const store = await storeWithUnits(engine);
    try {
      const at = new Date('2021-07-10T00:00:00Z');
      await store.db
        .insertInto('import_jobs')
        .values({
          id: 'j1',
          kind: 'cases',
          file_name: 'x.csv',
          status: 'running',
          total: 10,
          processed: 4,
          accepted: 4,
          unchanged: 0,
          rejected: 0,
          error: null,
          actor: 'a',
          scope: '79',
          created_at: at.toISOString(),
          finished_at: null,
          heartbeat_at: at.toISOString(),
        })
        .execute();
      expect((await getImportJob(store, 'j1', at.getTime() + 1000))?.status).toBe('running');
      const late = await getImportJob(store, 'j1', at.getTime() + STALE_AFTER_MS + 1000);
      expect(late).toMatchObject({ status: 'interrupted', processed: 4, error: expect.stringContaining('upload the file again') });
    } finally {
      await store.dispose();
    }
  });
});
