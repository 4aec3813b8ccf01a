import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * The demo runs on a simulated clock (July 2021): a row dated after the simulated day is in the
 * future for everyone looking at the map, and would move the map's "today" past the replay.
 */
describe.each(ENGINES)('intake on the server’s clock [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    store = await storeWithUnits(engine);
    ({ app } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-15T10:00:00+07:00') }));
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('refuses a date after the simulated day and takes the simulated day itself', async () => {
    const row = (id: string, confirmedDate: string) => ({ id, confirmedDate, unit: '26740', setting: 'community', sourceKnown: false });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: [row('CLK-1', '2021-08-20'), row('CLK-2', '2021-07-15')],
    });
    expect(r.statusCode).toBe(200);
    const answer = r.json();
    expect(answer.accepted).toBe(1);
    expect(
      answer.rejected.map((x: { index: number; errors: Array<{ field: string; code: string }> }) => [x.index, x.errors[0].field, x.errors[0].code]),
    ).toEqual([[0, 'confirmedDate', 'date_in_future']]);
  });
});
