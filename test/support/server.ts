import type { FastifyInstance } from 'fastify';

import { seedDefaultScheme } from '../../src/app/rewards.ts';
import { loadDemoNeighbourhoods } from '../../src/demo/demo-start.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles, importHcmc2025 } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { type EngineName, freshStore } from './stores.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * A real listening server on a free loopback port, over a fresh store holding the HCMC 2021
 * geography and the demo campaign; `now` is its clock (levels run up to its today). `hcmc2025`
 * adds the 2025 tree beside it (`geo import --hcmc-2025`); `simulatedNeighbourhoods` the demo's
 * 1,883 made-up khu phố and ấp under the 2021 wards, marked simulated as the demo marks them.
 */
export async function startServer(
  engine: EngineName = 'sqlite',
  options: { now?: () => Date; hcmc2025?: boolean; simulatedNeighbourhoods?: boolean } = {},
): Promise<RunningServer> {
  const store = await freshStore(engine);
  await importGeoFiles(store.db, hcmc2021Files(), 'test');
  if (options.simulatedNeighbourhoods) await loadDemoNeighbourhoods(store, () => {});
  if (options.hcmc2025) await importHcmc2025(store.db, 'test');
  await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
  // Its default reward scheme, as `campaign load` and the first start store it (docs/rewards.md).
  await seedDefaultScheme({ store }, readCampaignFile(DEMO_CAMPAIGN_FILE).id, 'test');
  const { app, ctx } = await buildApp({ store, now: options.now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    ctx,
    close: async () => {
      await app.close();
      await store.dispose();
    },
  };
}
