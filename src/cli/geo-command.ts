import type { Command } from 'commander';

import { EncodingError } from '../files/decode-utf8.ts';
import { GeoImportRejected, hcmc2021Files, importGeoFiles, importHcmc2025 } from '../files/geo-files.ts';
import { FileFormatError } from '../files/read-records.ts';
import { openStore } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';

export function registerGeoCommands(program: Command): void {
  const geo = program.command('geo').description('Địa giới hành chính / administrative geography');
  geo
    .command('import')
    .description('Import units (CSV/JSON), boundaries (GeoJSON keyed by code) and adjacency (CSV); all or nothing')
    .option('--units <file>', 'units: code, name, kind, parent_code, population[, valid_from, valid_to]')
    .option(
      '--neighbourhoods <file>',
      'khu phố/ấp list (CSV/JSON): [code,] name, ward_code or ward[, district], population[, households]; --boundaries then gives their own',
    )
    .option('--boundaries <file...>', 'GeoJSON FeatureCollection(s); each feature has properties.code (or id)')
    .option('--adjacency <file...>', 'CSV of pairs: a, b[, shared_border_m]; without it adjacency is computed from real boundaries')
    .option('--valid-from <date>', 'validity start for unit rows that do not give one (units: 2020-01-01; neighbourhoods: the first day of the stored wards)')
    .option('--approximate', 'mark these boundaries as approximate', false)
    .option('--hcmc-2021', 'import the shipped Ho Chi Minh City geography of 1 July 2021')
    .option('--hcmc-2025', 'import the shipped Ho Chi Minh City communes of 1 July 2025 (after the 2021 tree, which they end on 30 June 2025)')
    .action(async (options, command: Command) => {
      const store = await openStore(databaseUrl(command));
      try {
        const files = options.hcmc2021
          ? hcmc2021Files()
          : {
              units: options.units,
              neighbourhoods: options.neighbourhoods,
              boundaries: options.boundaries,
              adjacency: options.adjacency,
              validFrom: options.validFrom,
              approximate: options.approximate,
            };
        if (!options.hcmc2025 && !files.units && !files.neighbourhoods && !files.boundaries && !files.adjacency) {
          command.error('nothing to import: give --units, --neighbourhoods, --boundaries, --adjacency, --hcmc-2021 or --hcmc-2025');
        }
        const actor = process.env.USER ?? 'cli';
        const summary = options.hcmc2025 ? await importHcmc2025(store.db, actor) : await importGeoFiles(store.db, files, actor);
        console.log(`imported into ${store.location}: ${summary.units} units, ${summary.boundaries} boundaries`);
        for (const [kind, a] of Object.entries(summary.adjacency)) {
          console.log(
            a.source === 'kept'
              ? `  adjacency ${kind}: không tính lại được từ ranh giới mới, giữ nguyên ${a.pairs} cặp cũ / could not be recomputed from the new boundaries, the ${a.pairs} stored pairs are kept (${a.reason})`
              : `  adjacency ${kind}: ${a.pairs} pairs (${a.source})`,
          );
        }
      } catch (error) {
        if (error instanceof GeoImportRejected || error instanceof EncodingError || error instanceof FileFormatError) {
          console.error(error.message);
          process.exitCode = 1;
        } else throw error;
      } finally {
        await store.close();
      }
    });
}
