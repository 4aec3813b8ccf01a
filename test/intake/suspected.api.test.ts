import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { form, intakeServer, waitForJob } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/** The deployment's clock: every row keeps it as the instant it arrived. */
const NOW = new Date('2021-07-15T03:04:05.000Z');

/** Issue 15 item 7: suspected cases on test reports, and the instant every intake row arrived. */
describe.each(ENGINES)('suspected cases and arrival instants [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof intakeServer>>['store'];
  let app: FastifyInstance;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const series = async (code: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/cases/daily/${code}?from=2021-07-08&to=2021-07-10` })).json().days as Array<{
      date: string;
      tested: number | null;
      positive: number | null;
      suspected: number | null;
    }>;

  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, app, token, close } = await intakeServer(engine, () => NOW));
  });
  afterAll(async () => close());

  it('takes suspected cases by JSON; a later report for the unit and day replaces the earlier; the open API serves them beside the tests', async () => {
    const send = (suspected: number | undefined) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/tests',
        headers: auth(),
        payload: [{ unit: '26740', date: '2021-07-09', tested: 100, positive: 2, ...(suspected === undefined ? {} : { suspected }) }],
      });
    expect((await send(7)).json()).toEqual({ accepted: 1, unchanged: 0, rejected: [] });
    expect((await send(7)).json()).toEqual({ accepted: 0, unchanged: 1, rejected: [] });
    expect((await send(4)).json()).toEqual({ accepted: 1, unchanged: 0, rejected: [] });
    // The ward and its ancestors hold the later report only.
    for (const code of ['26740', '760', '79']) {
      expect((await series(code)).find((d) => d.date === '2021-07-09')).toMatchObject({ tested: 100, positive: 2, suspected: 4 });
    }
    // A day nobody reported on says so: null, not zero.
    expect((await series('26740')).find((d) => d.date === '2021-07-08')).toMatchObject({ tested: null, positive: null, suspected: null });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/tests',
      headers: auth(),
      payload: [{ unit: '26740', date: '2021-07-09', tested: 1, positive: 0, suspected: -2 }],
    });
    expect(bad.json().rejected[0].errors).toEqual([{ field: 'suspected', code: 'negative', message: 'suspected: không được âm / must not be negative' }]);
  });

  it('takes suspected cases from a CSV upload under the header "Ca nghi nhiễm"', async () => {
    const csv = 'Ngày,Phường/Xã,Quận/Huyện,Số xét nghiệm,Số dương tính,Ca nghi nhiễm\n10/07/2021,Bến Nghé,Quận 1,80,1,12\n10/07/2021,Tân Định,Quận 1,40,0,\n';
    const { payload, headers } = await form({ kind: 'tests', token }, { name: 'xet-nghiem.csv', bytes: Buffer.from(csv), type: 'text/csv' });
    const r = await app.inject({ method: 'POST', url: '/api/v1/imports', headers, payload });
    expect(r.statusCode, r.body).toBe(202);
    expect(await waitForJob(app, r.json().id, token)).toMatchObject({ status: 'done', accepted: 2, rejected: 0 });
    expect((await series('26740')).find((d) => d.date === '2021-07-10')).toMatchObject({ tested: 80, positive: 1, suspected: 12 });
    // A blank cell is "not reported": the ward's own day has none, the district sums what was reported.
    expect((await series('26734')).find((d) => d.date === '2021-07-10')).toMatchObject({ tested: 40, suspected: null });
    expect((await series('760')).find((d) => d.date === '2021-07-10')).toMatchObject({ tested: 120, suspected: 12 });
  });

  it('keeps the instant each row arrived, on the deployment’s clock, for cases, tests and counts', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: auth(),
      payload: [{ id: 'ARR-1', confirmedDate: '2021-07-09', unit: '26740', setting: 'community', sourceKnown: false }],
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/counts',
      headers: auth(),
      payload: [{ unit: '26740', date: '2021-07-09', setting: 'quarantine', sourceKnown: true, count: 3 }],
    });
    const at = NOW.toISOString();
    expect(await store.db.selectFrom('case_records').select(['confirmed_date', 'received_at']).where('id', '=', 'ARR-1').execute()).toEqual([
      { confirmed_date: '2021-07-09', received_at: at },
    ]);
    expect(await store.db.selectFrom('daily_counts').select(['date', 'received_at']).execute()).toEqual([{ date: '2021-07-09', received_at: at }]);
    const tests = await store.db.selectFrom('test_counts').select(['date', 'received_at']).execute();
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests) expect(t.received_at).toBe(at);
  });
});
