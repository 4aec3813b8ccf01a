import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freezeAllDueCuts } from '../../src/app/official-cuts.ts';
import { startServices } from '../../src/app/services.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue 15: the demo's final official cut (23/07, 18:00) ranked 0 of 312 wards and 0 of 22
 * districts, since no levels for that day existed at 18:00 when nothing was reported after an
 * earlier day. With levels up to today, every cut has its day's levels.
 */
describe.each(ENGINES)('official cuts after the last data date [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let app: Awaited<ReturnType<typeof startServices>>;
  let clock: Date;

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'system', 'test');
    // The last data: cases in Phường Bến Nghé (26740) on 05/07, and nothing after.
    for (const unit of ['26740', '760', '79'])
      await store.db.insertInto('cube_cases').values({ unit_code: unit, date: '2021-07-05', setting: 'community', source_known: 0, cases: 3 }).execute();
    // The server runs since 23/07/2021 00:30 on the deployment's clock; the last cut is at 18:00.
    clock = new Date('2021-07-22T17:30:00Z');
    app = await startServices({ store, now: () => clock });
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('ranks every ward and district in the final cut, from the levels as published at its instant', async () => {
    clock = new Date('2021-07-23T11:30:00Z');
    const frozen = await freezeAllDueCuts(app.services);
    const final = (group: string) => frozen.find((c) => c.group === group && c.date === '2021-07-23')!;
    expect(final('ward').table.ranked).toBe(312);
    expect(final('district').table.ranked).toBe(22);
    // Bến Nghé was at risk from 05/07 and green since its 14-day window closed: its row says so.
    const benNghe = final('ward').table.rows.find((r) => r.unit === '26740')!;
    expect(benNghe).toMatchObject({ status: 'ranked', current: 0 });
  });
});
