import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue 15, "levels run up to today": a city without the demo (VX_DEMO=0), today 24/07/2021 on
 * the deployment's clock, and one report — two community cases of one unknown-source cluster on
 * 10/07 in Phường Bến Nghé (26740) — sent by the API and nothing else.
 */
describe.each(ENGINES)('levels up to today [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-24T03:00:00Z') }));
    const { token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const row = (id: string) => ({ id, confirmedDate: '2021-07-10', unit: '26740', setting: 'community', sourceKnown: false, cluster: 'BN-01' });
    const sent = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: [row('C1'), row('C2')] });
    expect(sent.json()).toMatchObject({ accepted: 2, rejected: [] });
    await ctx.risk.idle();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('colours the ward very high on the day of the cluster and green on today, served rather than 404', async () => {
    const onTenth = await get('/api/v1/levels?kind=ward&date=2021-07-10');
    expect(onTenth.statusCode).toBe(200);
    expect(onTenth.json().levels['26740']).toBe(3); // very high: "Nguy cơ rất cao"
    const today = await get('/api/v1/levels?kind=ward&date=2021-07-24');
    expect(today.statusCode).toBe(200);
    expect(today.json().levels['26740']).toBe(0);
    expect(Object.keys(today.json().levels)).toHaveLength(312);
    // The latest levels are today's, and the slider's dates run to today.
    expect((await get('/api/v1/levels?kind=ward')).json().date).toBe('2021-07-24');
    expect((await get('/api/v1/levels/dates')).json().dates.at(-1)).toBe('2021-07-24');
    // As published (from the store, carried forward): the same.
    const published = await get(`/api/v1/levels?kind=ward&date=2021-07-24&publishedAt=${encodeURIComponent('2021-07-24T04:00:00Z')}`);
    expect(published.statusCode).toBe(200);
    expect(published.json().levels['26740']).toBe(0);
    expect(Object.keys(published.json().levels)).toHaveLength(312);
    // The ward's history reads every day to today, red then green.
    const history = (await get('/api/v1/assessments/26740?from=2021-07-10&to=2021-07-24')).json();
    expect(history.assessments.map((a: { date: string }) => a.date)).toHaveLength(15);
    expect(history.assessments[0]).toMatchObject({ date: '2021-07-10', level: 3 });
    expect(history.assessments.at(-1)).toMatchObject({ date: '2021-07-24', level: 0 });
    // The unit's current assessment, explained, is today's.
    expect((await get('/api/v1/units/26740')).json().assessment).toMatchObject({ date: '2021-07-24', level: 0, reasons: [] });
    // …and on a date asked for, that day's, with its reasons.
    const tenth = (await get('/api/v1/units/26740?date=2021-07-10')).json();
    expect(tenth.assessment).toMatchObject({ date: '2021-07-10', level: 3 });
    expect(tenth.assessment.reasons.length).toBeGreaterThan(0);
    expect(tenth.pathToGreen).toMatchObject({ alreadyGreen: false });
  });

  it('holds no row per quiet day: a row where an assessment changed, carried to today', async () => {
    const rows = async (unit?: string) => {
      let q = store.db.selectFrom('assessments').select((eb) => eb.fn.countAll<number>().as('n'));
      if (unit) q = q.where('unit_code', '=', unit);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    // An untouched ward: one row on the first date, carried for 15 days.
    expect(await rows('26734')).toBe(1);
    // The ward: a row for each day its 14-day window was open (each reason names the window's
    // dates) and one for the day it turned green; none for the quiet days after.
    const ward = await rows('26740');
    expect(ward).toBeLessThanOrEqual(15);
    // Every unit (wards, districts, the city) once, plus the changes of the ward and its ancestors:
    // a tenth of a row per unit per day would be more.
    const units = ctx.geography().units.length;
    expect(await rows()).toBeLessThanOrEqual(units + 3 * 15);
    expect(await rows()).toBeLessThan((units * 15) / 10);
  });
});
