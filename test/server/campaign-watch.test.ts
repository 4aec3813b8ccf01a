import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { watchCampaigns } from '../../src/app/campaign-watch.ts';
import { publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { appendChange } from '../../src/store/change-feed-store.ts';
import { writeTransaction } from '../../src/store/write-transaction.ts';
import { publish } from '../support/campaign-fixture.ts';
import { collect } from '../support/feed.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const SERIES = { '26734': '33210000', '26737': '00000000', '26740': '22222111' };

async function until<T>(find: () => T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for a feed entry');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(ENGINES)('campaign watch [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let ctx: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    const built = await buildApp({ store, webRoot: '/nonexistent' });
    ctx = built.ctx;
    close = () => built.app.close();
  });
  afterAll(async () => {
    await close();
    await store.dispose();
  });

  it('freezes due cuts on start and announces live rank moves after the engine publishes levels', async () => {
    const publications = publish(SERIES).map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` }));
    ctx.levelHistory = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
    const messages = collect(ctx.feed, 'standings');
    const stop = await watchCampaigns(ctx, { debounceMs: 10, freezeEveryMs: 3_600_000 });
    try {
      await until(() => (messages.filter((m) => m.type === 'standings.cut').length === 45 ? true : undefined));
      expect(messages.some((m) => m.type === 'standings.changed')).toBe(false);

      // The engine revises Tân Định on 15 July to very high: it falls from first to last of the three.
      publications.push({ unit: '26734', date: '2021-07-15', level: 3, publishedAt: new Date().toISOString() });
      await writeTransaction(ctx.store.db, (tx) => appendChange(tx, 'levels', { type: 'levels.changed', units: ['26734'] }));
      const changed = await until(() => messages.find((m) => m.type === 'standings.changed' && m.group === 'ward'));
      expect(changed).toMatchObject({
        campaign: 'hcmc-2021-vung-xanh',
        date: '2021-07-15',
        moves: [
          { unit: '26734', from: 1, to: 3 },
          { unit: '26737', from: 2, to: 1 },
          { unit: '26740', from: 3, to: 2 },
        ],
      });
    } finally {
      await stop();
    }
  });
});
