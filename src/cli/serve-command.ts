import { existsSync, rmSync } from 'node:fs';

import type { Command } from 'commander';

import { watchCampaigns } from '../app/campaign-watch.ts';
import { watchDays } from '../app/day-rollover.ts';
import { freezeAllDueCuts } from '../app/official-cuts.ts';
import { seedDefaultScheme } from '../app/rewards.ts';
import { openBus } from '../bus/open-bus.ts';
import { DEMO_SPEED, prepareDemo } from '../demo/demo-start.ts';
import type { Replay } from '../demo/replay.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../files/geo-files.ts';
import { buildApp } from '../server/app.ts';
import { listCampaigns, saveCampaign } from '../store/campaign-store.ts';
import { openStore } from '../store/database.ts';
import { loadUnits } from '../store/geography-store.ts';
import { databaseUrl } from './database-url.ts';

/** Ho Chi Minh City's GSO code: the root of the shipped geography the demo runs on. */
const HCMC_CODE = '79';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the API and the web app (PORT, HOST, VX_DATABASE_URL, VX_BUS_URL, VX_DEMO, VX_FRESH honoured)')
    .option('--port <n>', 'port (default $PORT or 8080)')
    .option('--host <addr>', 'address to listen on (default $HOST or 127.0.0.1; 0.0.0.0 to expose)')
    .option('--fresh', 'start clean: delete the SQLite database file first (also VX_FRESH=1)', false)
    .option(
      '--speed <n>',
      `demo replay speed, simulated seconds per real second (default $VX_DEMO_SPEED or ${DEMO_SPEED}; a database that continues keeps its own)`,
    )
    .action(async (options: { port?: string; host?: string; fresh: boolean; speed?: string }, command: Command) => {
      const began = performance.now();
      const url = databaseUrl(command);
      if (options.fresh || process.env.VX_FRESH === '1') startClean(url, command);
      const demo = process.env.VX_DEMO !== '0';
      const speedText = options.speed ?? process.env.VX_DEMO_SPEED;
      const speed = speedText === undefined ? undefined : Number(speedText);
      if (speed !== undefined && !(Number.isFinite(speed) && speed > 0 && speed <= 604_800))
        command.error(`--speed: cần số lớn hơn 0 và tối đa 604800 / must be a number above 0, at most 604800: ${speedText}`);
      const store = await openStore(url);
      let units = await loadUnits(store.db);
      if (units.length === 0) {
        // A fresh database gets the shipped HCMC 2021 geography, so the first start shows a map.
        const summary = await importGeoFiles(store.db, hcmc2021Files(), 'system', 'startup');
        console.log(`loaded HCMC 2021 geography: ${summary.units} units, ${summary.boundaries} boundaries`);
        units = await loadUnits(store.db);
      }
      // The demo campaign and data are for the HCMC geography; a database loaded with another gets neither.
      const hcmc = units.some((u) => u.code === HCMC_CODE);
      // Campaigns: a fresh database gets the demo campaign (issue 6).
      if (hcmc && (await listCampaigns(store.db)).length === 0) await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'system', 'startup');
      // Its default reward scheme (campaigns/<id>.rewards.json), when it has none yet (issue #19).
      if (hcmc) for (const c of await listCampaigns(store.db)) await seedDefaultScheme({ store }, c.id);
      // The demo (issue 7): simulated data preloaded in bulk before the app (and its engine) starts.
      if (demo && !hcmc) console.log('no demo: this database holds another geography than HCMC 2021 (simulated data needs it); serving what it holds');
      const prepared = demo && hcmc ? await prepareDemo(store, { speed }) : null;
      const bus = await openBus();
      const { app, ctx } = await buildApp({ store, bus, logger: process.env.VX_LOG === '1', now: prepared ? () => prepared.clock.now() : undefined });
      let replay: Replay | null = null;
      if (prepared) {
        const freezeCuts = async () => void (await freezeAllDueCuts(ctx));
        ctx.replay = replay = await prepared.replay(ctx, freezeCuts);
      }
      // Freezes official cuts, announces rank moves; under the replay it checks every second, as simulated hours pass quickly.
      const stopCampaignWatch = await watchCampaigns(ctx, prepared ? { freezeEveryMs: 1000 } : {});
      // The day's rollover is a change of its own, announced once per deployment (issue 14).
      const stopDays = watchDays(ctx, prepared ? { checkMs: 1000 } : {});
      const port = Number(options.port ?? process.env.PORT ?? 8080);
      const host = options.host ?? process.env.HOST ?? '127.0.0.1';
      await app.listen({ port, host });
      replay?.start(!prepared?.paused);
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      console.log(`Vùng Xanh: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/ (database ${store.location}; ready in ${seconds} s)`);
      if (replay) {
        const s = replay.status();
        console.log(
          `Dữ liệu mô phỏng — không phải số liệu thật / simulated data, not real figures: replay ${s.state} at ${s.at}, ×${s.speed} (GET /api/v1/replay)`,
        );
      }
      const stop = async () => {
        await replay?.stop();
        await stopDays();
        await stopCampaignWatch();
        await app.close();
        await bus?.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** --fresh: the SQLite file (and its WAL) go; a PostgreSQL database is the operator's to drop. */
function startClean(url: string, command: Command): void {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    command.error(
      '--fresh xoá tệp SQLite; với PostgreSQL hãy tự tạo lại cơ sở dữ liệu / --fresh deletes the SQLite file; for PostgreSQL drop and recreate the database yourself',
    );
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path === ':memory:') return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);
  console.log(`--fresh: removed ${path}`);
}
