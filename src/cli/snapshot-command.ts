import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Command } from 'commander';

import { dayNumber } from '../simulate/calendar.ts';
import { openStore } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';
import { writeSnapshot } from './snapshot-writer.ts';

/** Whether the text is a real day (yyyy-mm-dd): 2021-02-30 is not. */
function isDate(text: string): boolean {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
}

export function registerSnapshotCommand(program: Command): void {
  program
    .command('snapshot')
    .description('Ghi trạng thái công khai thành tệp tĩnh / write the public state as static files any web server or CDN can serve')
    .requiredOption('--out <dir>', 'folder to write: a new or empty one, or an earlier snapshot (replaced)')
    .option('--date <yyyy-mm-dd>', 'the day to show (default: today in Asia/Ho_Chi_Minh)')
    .option('--no-web', 'the API answers alone, without the web app')
    .action(async (options: { out: string; date?: string; web: boolean }, command: Command) => {
      if (options.date !== undefined && !isDate(options.date))
        command.error(`--date: cần ngày dạng yyyy-mm-dd / must be a date as yyyy-mm-dd: ${options.date}`);
      // The folder is emptied first: never one that holds something other than a snapshot.
      if (existsSync(options.out) && readdirSync(options.out).length > 0 && !existsSync(join(options.out, 'manifest.json')))
        command.error(
          `--out: thư mục ${options.out} có tệp và không phải một bản chụp, không xoá / is not empty and holds no snapshot (manifest.json): it is not emptied`,
        );
      const store = await openStore(databaseUrl(command));
      try {
        const manifest = await writeSnapshot(store, { out: options.out, date: options.date, withWeb: options.web });
        const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
        console.log(
          `snapshot ${manifest.date} → ${options.out}: ${manifest.answers.length} API answers, ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB; change-feed position ${manifest.changeFeedPosition}`,
        );
      } finally {
        await store.close();
      }
    });
}
