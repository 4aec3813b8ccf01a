import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';

import type { Command } from 'commander';

import { DEFAULT_FILE_BATCH, importFile, NoGeographyError } from '../app/intake/file-import.ts';
import { DEFAULT_SLICE_MS, type ImportProgress } from '../app/intake/run-import.ts';
import { INTAKE_KINDS, type IntakeKind } from '../core/cases/records.ts';
import { CsvSyntaxError } from '../files/csv-rows.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { IntakeFileError } from '../files/intake-file.ts';
import { XlsxRejected } from '../files/xlsx-rows.ts';
import { ZipRejected } from '../files/zip-guard.ts';
import { openStore } from '../store/database.ts';
import { databaseUrl } from './database-url.ts';

/** `vungxanh import cases|tests|counts FILE`: bulk intake from CSV, NDJSON, JSON or XLSX. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Nhập ca bệnh, xét nghiệm, số ca từ tệp / import cases, tests or counts from CSV, NDJSON, JSON or XLSX')
    .argument('<kind>', `${INTAKE_KINDS.join(' | ')}`)
    .argument('<file>', 'CSV (Vietnamese headers welcome, see docs/intake-headers.md), .ndjson, .json or .xlsx')
    .option('--rejects <file>', 'where to write rejected rows with reasons (default: <file>.rejects.csv)')
    .option('--batch <n>', 'rows per committed transaction, at most', String(DEFAULT_FILE_BATCH))
    .option(
      '--slice-ms <ms>',
      'end a transaction once it has been open this long, so live writers beside the import wait at most about this (0: by --batch only)',
      String(DEFAULT_SLICE_MS),
    )
    .option('--scope <code>', 'refuse rows outside this unit subtree (default: no restriction)')
    .action(async (kind: string, file: string, options: { rejects?: string; batch: string; sliceMs: string; scope?: string }, command: Command) => {
      if (!INTAKE_KINDS.includes(kind as IntakeKind)) command.error(`kind must be one of ${INTAKE_KINDS.join(', ')} / loại phải là ${INTAKE_KINDS.join(', ')}`);
      const batchSize = Number(options.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) command.error('--batch must be a positive integer');
      const sliceMs = Number(options.sliceMs);
      if (!Number.isFinite(sliceMs) || sliceMs < 0) command.error('--slice-ms must be a number of milliseconds ≥ 0');
      if (!existsSync(file) || !statSync(file).isFile()) {
        console.error(`${file}: không có tệp này / no such file`);
        process.exitCode = 2;
        return;
      }
      const store = await openStore(databaseUrl(command));
      const started = Date.now();
      const bar = progressBar();
      try {
        const summary = await importFile(store, {
          kind: kind as IntakeKind,
          path: file,
          sender: { actor: `cli:${userInfo().username}`, scope: options.scope ?? null },
          rejectsPath: options.rejects ?? `${file}.rejects.csv`,
          batchSize,
          sliceMs,
          onProgress: bar.update,
        });
        bar.done();
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `Đã nhập / imported ${summary.processed} rows in ${seconds.toFixed(1)} s: ` +
            `${summary.accepted} mới / accepted, ${summary.unchanged} không đổi / unchanged, ${summary.rejected} bị từ chối / rejected`,
        );
        if (summary.noted > 0) {
          console.log(`${summary.noted} dòng được nhận kèm ghi chú / rows accepted with a note:`);
          for (const { index, note } of summary.notes.slice(0, 20)) console.log(`  dòng / row ${index}: ${note}`);
          if (summary.noted > 20) console.log(`  … ${summary.noted - 20} dòng nữa / more rows`);
        }
        if (summary.rejectsPath) {
          console.log(`Dòng bị từ chối và lý do / rejected rows with reasons: ${summary.rejectsPath}`);
          process.exitCode = 1;
        }
      } catch (error) {
        bar.done();
        if ([EncodingError, IntakeFileError, CsvSyntaxError, XlsxRejected, ZipRejected, NoGeographyError].some((E) => error instanceof E)) {
          console.error(`${file}: ${(error as Error).message}`);
          process.exitCode = 2;
        } else throw error;
      } finally {
        await store.close();
      }
    });
}

/**
 * Progress on stderr after each COMMITTED batch: a bar on a terminal, one line per batch
 * otherwise (logs, CI, the crash test read these lines as acknowledgements).
 */
function progressBar() {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let drawn = false;
  return {
    update(p: ImportProgress, total: number | null) {
      const rate = Math.round(p.processed / Math.max((Date.now() - started) / 1000, 0.001));
      if (tty) {
        const share = total ? Math.min(1, p.processed / total) : 0;
        const width = 30;
        const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
        process.stderr.write(
          `\r${bar} ${total ? `${Math.round(share * 100)}%` : ''} ${p.processed.toLocaleString('en')}${total ? `/${total.toLocaleString('en')}` : ''} rows, ${rate.toLocaleString('en')}/s, ${p.rejected} rejected `,
        );
        drawn = true;
      } else {
        process.stderr.write(
          `committed ${p.processed} rows (accepted ${p.accepted}, unchanged ${p.unchanged}, rejected ${p.rejected})${total ? ` of ~${total}` : ''}\n`,
        );
      }
    },
    done() {
      if (drawn) process.stderr.write('\n');
      drawn = false;
    },
  };
}
