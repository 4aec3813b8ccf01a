import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

describe.each(ENGINES)('case counts API over the cube [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    const row = (unit_code: string, date: string, setting: string, source_known: number, cases: number) => ({ unit_code, date, setting, source_known, cases });
    await store.db
      .insertInto('cube_cases')
      .values([
        row('26740', '2021-07-01', 'community', 1, 2),
        row('26740', '2021-07-01', 'community', 0, 1),
        row('26740', '2021-07-03', 'quarantine', 1, 4),
        row('26740', '2021-07-14', 'community', 1, 5),
        row('26740', '2021-07-15', 'community', 0, 7),
        row('760', '2021-07-01', 'community', 1, 3),
      ])
      .execute();
    app = (await buildApp({ store, webRoot: '/nonexistent' })).app;
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('gives zero-filled daily counts split community / other', async () => {
    const body = (await app.inject(`/api/v1/cases/daily/26740?from=2021-07-01&to=2021-07-04`)).json();
    // No test report in the cube: tests and suspected cases are null (not reported), not zero.
    const none = { tested: null, positive: null, suspected: null };
    expect(body.days).toEqual([
      { date: '2021-07-01', community: 3, other: 0, ...none },
      { date: '2021-07-02', community: 0, other: 0, ...none },
      { date: '2021-07-03', community: 0, other: 4, ...none },
      { date: '2021-07-04', community: 0, other: 0, ...none },
    ]);
  });

  it('sums community cases over the 14 days ending on a date: D-13 counts, D-14 does not', async () => {
    expect((await app.inject('/api/v1/cases/window?date=2021-07-14')).json().cases).toEqual({ '26740': 8, '760': 3 });
    expect((await app.inject('/api/v1/cases/window?date=2021-07-15')).json().cases).toEqual({ '26740': 12 });
  });

  it('rejects bad ranges and unknown units with problem details', async () => {
    expect((await app.inject('/api/v1/cases/daily/26740?from=2021-07-05&to=2021-07-01')).json().errors[0].field).toBe('from');
    expect((await app.inject('/api/v1/cases/daily/26740?from=2021-07-05')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/cases/daily/99999?from=2021-07-01&to=2021-07-02')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/cases/window?date=18/07/2021')).json().errors[0].field).toBe('querystring.date');
  });
});
