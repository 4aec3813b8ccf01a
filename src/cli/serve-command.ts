import type { Command } from 'commander';
import { databaseUrl } from './database-url.ts';
import { hcmc2021Files, importGeoFiles } from '../files/geo-files.ts';
import { openBus } from '../bus/open-bus.ts';
import { buildApp } from '../server/app.ts';
import { openStore } from '../store/database.ts';
import { loadUnits } from '../store/geography-store.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../files/campaign-file.ts';
import { listCampaigns, saveCampaign } from '../store/campaign-store.ts';
import { watchCampaigns } from '../server/campaign-watch.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the API and the web app (PORT, HOST, VX_DATABASE_URL, VX_DEMO honoured)')
    .option('--port <n>', 'port (default $PORT or 8080)')
    .option('--host <addr>', 'address to listen on (default $HOST or 127.0.0.1; 0.0.0.0 to expose)')
    .action(async (options, command: Command) => {
      const store = await openStore(databaseUrl(command));
      if ((await loadUnits(store.db)).length === 0) {
        // A fresh database gets the shipped HCMC 2021 geography, so the first start shows a map.
        const summary = await importGeoFiles(store.db, hcmc2021Files(), 'system', 'startup');
        console.log(`loaded HCMC 2021 geography: ${summary.units} units, ${summary.boundaries} boundaries`);
      }
      // Campaigns: a fresh database gets the demo campaign (issue 6).
      if ((await listCampaigns(store.db)).length === 0) await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'system', 'startup');
      const bus = await openBus();
      const { app, ctx } = await buildApp({ store, bus, logger: process.env.VX_LOG === '1' });
      const stopCampaignWatch = await watchCampaigns(ctx); // freezes official cuts, announces rank moves; idle until ctx.levelHistory is set
      const port = Number(options.port ?? process.env.PORT ?? 8080);
      const host = options.host ?? process.env.HOST ?? '127.0.0.1';
      await app.listen({ port, host });
      console.log(`Vùng Xanh: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/ (database ${store.location})`);
      const stop = async () => {
        await stopCampaignWatch();
        await app.close();
        await bus.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
