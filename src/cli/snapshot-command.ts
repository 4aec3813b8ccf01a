import type { Command } from 'commander';

import { openStore } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';
import { writeSnapshot } from './snapshot-writer.ts';

export function registerSnapshotCommand(program: Command): void {
  program
    .command('snapshot')
    .description('Ghi trạng thái công khai thành tệp tĩnh / write the public state as static files any web server or CDN can serve')
    .requiredOption('--out <dir>', 'folder to write (emptied first)')
    .option('--date <yyyy-mm-dd>', 'the day to show (default: today in Asia/Ho_Chi_Minh)')
    .option('--no-web', 'the API answers alone, without the web app')
    .action(async (options: { out: string; date?: string; web: boolean }, command: Command) => {
      if (options.date !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(options.date) && !Number.isNaN(Date.parse(options.date))))
        command.error(`--date: cần ngày dạng yyyy-mm-dd / must be a date as yyyy-mm-dd: ${options.date}`);
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
