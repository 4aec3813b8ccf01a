import type { Command } from 'commander';

import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { displayDate } from '../core/time/local-date.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../files/campaign-file.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { FileFormatError } from '../files/read-records.ts';
import { listCampaigns, saveCampaign } from '../store/campaign-store.ts';
import { openStore } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';

export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('Phong trào thi đua / emulation campaigns');
  campaign
    .command('load')
    .description('Create or update a campaign from a JSON definition (see campaigns/hcmc-2021-vung-xanh.json)')
    .argument('[file]', 'campaign JSON file', DEMO_CAMPAIGN_FILE)
    .action(async (file: string, _options, command: Command) => {
      let definition;
      try {
        definition = readCampaignFile(file);
      } catch (error) {
        if (error instanceof FileFormatError || error instanceof EncodingError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
          console.error(`không nạp được chiến dịch / campaign not loaded: ${(error as Error).message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
      const store = await openStore(databaseUrl(command));
      try {
        const { created, changed } = await saveCampaign(store.db, definition, `cli:${process.env.USER ?? 'unknown'}`, 'cli');
        const dates = campaignDates(definition);
        console.log(
          `${created ? 'đã tạo / created' : changed ? 'đã cập nhật / updated' : 'không đổi / unchanged'} ${definition.id}: ${definition.name} ` +
            `(${displayDate(dates[0])}–${displayDate(dates[dates.length - 1])}, ${definition.groups.join(', ')}) in ${store.location}`,
        );
      } finally {
        await store.close();
      }
    });
  campaign
    .command('list')
    .description('List campaigns')
    .action(async (_options, command: Command) => {
      const store = await openStore(databaseUrl(command));
      try {
        const all = await listCampaigns(store.db);
        if (all.length === 0) console.log('chưa có chiến dịch / no campaigns');
        for (const c of all) {
          const dates = campaignDates(c);
          console.log(`${c.id}\t${displayDate(dates[0])}–${displayDate(dates[dates.length - 1])}\t${c.groups.join(',')}\t${c.rulebook}\t${c.name}`);
        }
      } finally {
        await store.close();
      }
    });
}
