import type { Command } from 'commander';

import { Intake } from '../app/intake/intake.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import { DEMO_SPEED } from '../demo/demo-start.ts';
import { feedRecords } from '../demo/feed.ts';
import { Replay } from '../demo/replay.ts';
import { dueUntil } from '../demo/replay-batches.ts';
import { MAX_SPEED, ReplayClock } from '../demo/replay-clock.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { FileFormatError } from '../files/read-records.ts';
import { readSimulationFile } from '../files/simulation-file.ts';
import { openStore } from '../store/database.ts';
import { writeDemoState } from '../store/demo-store.ts';
import { loadUnits } from '../store/geography-store.ts';
import { databaseUrl } from './database-url.ts';

/**
 * `vungxanh replay FILE`: feeds a simulation file into the database through intake in simulated
 * time. Every batch lands on the database's change feed, so a server on the same database
 * recomputes and repaints as records land.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('Phát lại tệp dữ liệu mô phỏng theo thời gian mô phỏng / replay a simulation file (vungxanh simulate) through intake in simulated time')
    .argument('<file>', 'NDJSON written by `vungxanh simulate`')
    .option('--speed <n>', `simulated seconds per real second (${DEMO_SPEED}: one simulated hour per second)`, String(DEMO_SPEED))
    .option(
      '--from <date>',
      'start the clock here (YYYY-MM-DD = 00:00 local, or an ISO instant); records reported earlier are fed at once (default: the first record)',
    )
    .option('--to <date>', 'stop once the clock passes this (default: when every record is fed)')
    .action(async (file: string, options: { speed: string; from?: string; to?: string }, command: Command) => {
      const speed = Number(options.speed);
      if (!(Number.isFinite(speed) && speed > 0 && speed <= MAX_SPEED))
        command.error(`--speed: cần số lớn hơn 0, tối đa ${MAX_SPEED} / must be above 0, at most ${MAX_SPEED}: ${options.speed}`);
      const from = options.from === undefined ? null : instantOption(command, '--from', options.from);
      const to = options.to === undefined ? null : instantOption(command, '--to', options.to);
      let records;
      try {
        records = readSimulationFile(file);
      } catch (error) {
        if (error instanceof FileFormatError || error instanceof EncodingError) command.error(error.message, { exitCode: 2 });
        throw error;
      }
      if (records.length === 0) command.error(`${file}: không có bản ghi / no records`, { exitCode: 2 });
      const store = await openStore(databaseUrl(command));
      const units = await loadUnits(store.db);
      if (units.length === 0) {
        await store.close();
        command.error(
          'Chưa có đơn vị hành chính; chạy `vungxanh geo import --hcmc-2021` trước / no geography in the database: run `vungxanh geo import --hcmc-2021` first',
          { exitCode: 2 },
        );
      }
      const hierarchy = new Hierarchy(units);
      await writeDemoState(store.db, { simulated: true }, { actor: 'cli', channel: 'cli', action: 'demo.replay.file' });
      const start = from ?? new Date(records[0].reportedAt);
      const before = dueUntil(records, 0, new Date(start.getTime() - 1).toISOString());
      if (before > 0) {
        const fed = await feedRecords(new Intake(store, hierarchy), records.slice(0, before));
        console.log(
          `fed ${fed.records} records reported before ${start.toISOString()} at once (${fed.accepted} accepted, ${fed.unchanged} unchanged, ${fed.rejected} rejected)`,
        );
      }
      const clock = new ReplayClock(start, speed, false);
      const replay = new Replay(
        { records, clock, store, intake: new Intake(store, hierarchy), persist: false, log: (line) => console.log(line) },
        new Date(start.getTime() - 1).toISOString(),
      );
      console.log(
        `Dữ liệu mô phỏng — không phải số liệu thật / simulated data: replaying ${records.length - before} records from ${start.toISOString()} at ×${speed} (Ctrl+C stops)`,
      );
      let last = '';
      const done = new Promise<void>((resolve) => {
        const report = setInterval(() => {
          const s = replay.status();
          const line = `simulated ${s.at} — fed ${s.fed}, ${s.remaining} to go`;
          if (line !== last) console.log((last = line));
          if (s.state === 'finished' || (to && Date.parse(s.at) >= to.getTime())) {
            clearInterval(report);
            resolve();
          }
        }, 1000);
        process.once('SIGINT', () => {
          clearInterval(report);
          resolve();
        });
      });
      replay.start();
      await done;
      await replay.stop();
      await store.close();
    });
}

function instantOption(command: Command, name: string, value: string): Date {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+07:00`) : new Date(value);
  if (Number.isNaN(instant.getTime())) command.error(`${name}: cần YYYY-MM-DD hoặc thời điểm ISO 8601 / must be YYYY-MM-DD or an ISO 8601 instant: ${value}`);
  return instant;
}
