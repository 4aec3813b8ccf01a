import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { IntakeKind } from '../core/cases/records.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import { openIntakeFile } from '../files/intake-file.ts';
import type { Store } from '../store/database.ts';
import { loadUnits } from '../store/geography-store.ts';
import type { Bus } from '../bus/bus.ts';
import { Intake, type Sender } from './intake.ts';
import { REJECT_REPORT_HEADER, rejectReportLines } from './reject-report.ts';
import { importRows, type ImportProgress } from './run-import.ts';

export interface FileImportOptions {
  kind: IntakeKind;
  path: string;
  sender: Sender;
  /** Where rejected rows go (CSV: row, id, field, code, message, raw); created only when a row is rejected. */
  rejectsPath: string;
  batchSize?: number;
  bus?: Bus | null;
  /** Called after each committed batch, with the rows the file holds (estimated for text files). */
  onProgress?: (progress: ImportProgress, total: number | null) => void;
}

export class NoGeographyError extends Error {}

/**
 * Rows per transaction for files. The cube costs one upsert per distinct (unit, day, setting,
 * source) a batch touches, so bigger batches aggregate more; a crash loses at most one
 * unacknowledged batch, which a re-run restores.
 */
export const DEFAULT_FILE_BATCH = 100_000;

/**
 * Imports one file in committed batches: the path the `vungxanh import` command and the import
 * benchmark share. Re-running it after a crash is safe: rows that landed come back unchanged.
 */
export async function importFile(store: Store, options: FileImportOptions): Promise<ImportProgress & { rejectsPath: string | null }> {
  const units = await loadUnits(store.db);
  if (units.length === 0) {
    throw new NoGeographyError('Chưa có đơn vị hành chính; chạy `vungxanh geo import --hcmc-2021` trước / no geography in the database: run `vungxanh geo import --hcmc-2021` first');
  }
  const intake = new Intake(store, options.bus ?? null, new Hierarchy(units));
  const bytes = readFileSync(options.path);
  const source = await openIntakeFile(bytes, basename(options.path), options.kind);
  const total = source.format === 'xlsx' ? null : estimateRows(bytes, source.format === 'csv');
  let rejectsFd: number | null = null;
  const summary = await importRows(intake, options.kind, source.rows(), options.sender, {
    channel: 'cli',
    strictFields: source.strictFields,
    batchSize: options.batchSize ?? DEFAULT_FILE_BATCH,
    onBatch: (progress, rejected) => {
      if (rejected.length > 0) {
        if (rejectsFd === null) {
          rejectsFd = openSync(options.rejectsPath, 'w');
          writeSync(rejectsFd, `\ufeff${REJECT_REPORT_HEADER}\n`);
        }
        let text = '';
        for (const r of rejected) text += rejectReportLines(r.index, r.id, r.errors, JSON.stringify(r.raw)).join('\n') + '\n';
        writeSync(rejectsFd, text);
      }
      options.onProgress?.(progress, total);
    },
  });
  if (rejectsFd !== null) closeSync(rejectsFd);
  return { ...summary, rejectsPath: rejectsFd === null ? null : options.rejectsPath };
}

/** Lines in a text file (less the header for CSV): a progress bar's denominator, without a second parse. */
function estimateRows(bytes: Uint8Array, header: boolean): number {
  let lines = 0;
  let at = -1;
  while ((at = bytes.indexOf(10, at + 1)) >= 0) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  return Math.max(0, lines - (header ? 1 : 0));
}
