import type { Command } from 'commander';

import { backupDatabase, BackupRefused, restoreDatabase } from '../store/backup.ts';
import { databaseUrl } from './database-url.ts';
import { copySigningKey } from './signing-key-command.ts';

const BACKUP_DESCRIPTION = 'Sao lưu cơ sở dữ liệu vào một tệp, kể cả khi máy chủ đang chạy / back the database up into a file, even while the server runs';
const RESTORE_DESCRIPTION = 'Phục hồi cơ sở dữ liệu từ tệp sao lưu (dừng máy chủ trước) / restore the database from a backup file (stop the server first)';

/** `vungxanh backup --out FILE` and `vungxanh restore FILE` (docs/operations.md). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(BACKUP_DESCRIPTION)
    .requiredOption('--out <file>', 'the backup file (SQLite: a database file; PostgreSQL: pg_dump custom format)')
    .option('--force', 'overwrite --out if it exists', false)
    .option(
      '--with-signing-key',
      'also copy the signing key file beside the backup (FILE.signing-key.json); without it the backup holds no key (docs/verify.md)',
      false,
    )
    .action(async (options: { out: string; force: boolean; withSigningKey: boolean }, command: Command) => {
      await refusalsExitOne(async () => {
        const done = await backupDatabase(databaseUrl(command), options.out, { force: options.force });
        console.log(`Đã sao lưu / backed up: ${done.file} (${done.engine}, ${megabytes(done.bytes)}, ${migrationNote(done.migration)})`);
        // The key is not in the database: a backup handed on does not let its holder sign as the deployment.
        if (options.withSigningKey) {
          const key = copySigningKey(databaseUrl(command), done.file);
          console.log(key ? `Khoá ký / signing key: ${key} (giữ kín / keep it secret)` : 'Không có tệp khoá ký / no signing key file');
        }
      });
    });

  program
    .command('restore')
    .description(RESTORE_DESCRIPTION)
    .argument('<file>', 'a file made by vungxanh backup')
    .option('--force', 'replace a database that holds data', false)
    .action(async (file: string, options: { force: boolean }, command: Command) => {
      await refusalsExitOne(async () => {
        const done = await restoreDatabase(databaseUrl(command), file, { force: options.force });
        const replaced = done.replaced ? 'đã thay dữ liệu cũ / the previous data was replaced' : 'vào cơ sở dữ liệu trống / into an empty database';
        console.log(`Đã phục hồi / restored: ${done.file} (${done.engine}, ${migrationNote(done.migration)}), ${replaced}`);
      });
    });
}

/** A refusal is the operator's to read, not a stack trace: printed, exit code 1. */
async function refusalsExitOne(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function migrationNote(migration: string | null): string {
  return `lược đồ / schema ${migration ?? '?'}`;
}
