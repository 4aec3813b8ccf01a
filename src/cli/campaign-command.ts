import type { Command } from 'commander';

import { correctCut } from '../app/cut-corrections.ts';
import { Geography } from '../app/geography.ts';
import { storedLevelHistoryProvider } from '../app/level-history-provider.ts';
import { officialCutDates } from '../app/official-cuts.ts';
import { seedDefaultScheme } from '../app/rewards.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { displayDate } from '../core/time/local-date.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../files/campaign-file.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { FileFormatError } from '../files/read-records.ts';
import { loadRulebookDir } from '../files/rulebook-files.ts';
import { getCampaign, listCampaigns, saveCampaign } from '../store/campaign-store.ts';
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
        // The campaign's default reward scheme (campaigns/<id>.rewards.json), when it has none yet (issue #19).
        if (await seedDefaultScheme({ store }, definition.id, `cli:${process.env.USER ?? 'unknown'}`))
          console.log(`đã nạp tiêu chí khen thưởng / reward scheme loaded for ${definition.id}`);
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
  campaign
    .command('correct-cut')
    .description(
      'Issue a corrected official cut from the levels and cases as known now, beside the original (never replacing it) / đính chính bảng chốt chính thức',
    )
    .argument('<campaign>', 'campaign id')
    .argument('<group>', 'competing group (unit kind), e.g. ward')
    .argument('<date>', "the cut's local date, YYYY-MM-DD")
    .requiredOption('--reason <text>', 'why the cut is corrected (kept with the record; at most 2000 characters)')
    .action(async (id: string, group: string, date: string, options: { reason: string }, command: Command) => {
      const fail = (message: string) => {
        console.error(`không đính chính được / not corrected: ${message}`);
        process.exitCode = 1;
      };
      const reason = options.reason.trim();
      if (reason === '' || reason.length > 2000) return fail('--reason: cần lý do, tối đa 2000 ký tự / a reason of at most 2000 characters is required');
      const store = await openStore(databaseUrl(command));
      try {
        const found = await getCampaign(store.db, id);
        if (!found) return fail(`không có chiến dịch mã ${id} / no campaign with id ${id}`);
        if (!found.groups.includes(group))
          return fail(`${group} không phải nhóm thi đua của ${id} / is not a competing group of ${id} (${found.groups.join(', ')})`);
        const geography = await Geography.load(store.db);
        const reader = { store, geography: () => geography, now: () => new Date() };
        if (!(await officialCutDates(reader, found)).get(group)?.includes(date)) {
          return fail(`chưa có bảng chốt nhóm ${group} ngày ${date} / no official cut of ${group} for ${date}`);
        }
        const levels = storedLevelHistoryProvider(store, loadRulebookDir());
        const actor = `cli:${process.env.USER ?? 'unknown'}`;
        const outcome = await correctCut(reader, found, levels, { group, date, reason, actor, role: 'admin', channel: 'cli' });
        if (outcome.kind === 'not-frozen') return fail(`bảng chốt ngày ${displayDate(date)} chưa được lưu / the cut of ${date} is not frozen yet`);
        if (outcome.kind === 'unchanged') {
          return fail(`dữ liệu hiện có cho kết quả giống bảng đã chốt / what is known now gives the same standings: nothing to correct`);
        }
        const c = outcome.correction;
        console.log(
          `đã ban hành bảng chốt đính chính số ${c.number} / issued corrected cut no. ${c.number}: ${id} ${group} ${displayDate(date)} (lý do / reason: ${c.reason})`,
        );
      } finally {
        await store.close();
      }
    });
}
