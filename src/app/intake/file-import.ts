import { closeSync, openSync, writeSync } from 'node:fs';

import type { IntakeKind } from '../../core/cases/records.ts';
import { Hierarchy } from '../../core/geo/hierarchy.ts';
import { readValidatedParts } from '../../intake/validated-parts.ts';
import { rejectReportHeader, rejectReportLine } from '../../render/reject-report.ts';
import type { Store } from '../../store/database.ts';
import { loadUnits } from '../../store/geography-store.ts';
import { Intake, type Sender } from './intake.ts';
import { DEFAULT_SLICE_MS, importParts, type ImportProgress } from './run-import.ts';

export interface FileImportOptions {
  kind: IntakeKind;
  path: string;
  sender: Sender;
  /** Where rejected rows go (CSV: reasons, then the row's fields; fixable and importable again); created only when a row is rejected. */
  rejectsPath: string;
  batchSize?: number;
  /** Ends a transaction once it has been open this long (ms): see DEFAULT_SLICE_MS; 0 slices by rows only. */
  sliceMs?: number;
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

/** Rows a part holds at most on PostgreSQL (PART_ROWS elsewhere). */
const POSTGRES_PART_ROWS = 1000;

/**
 * Imports one file in committed batches: the path the `vungxanh import` command and the import
 * benchmark share. Re-running it after a crash is safe: rows that landed come back unchanged.
 */
export async function importFile(store: Store, options: FileImportOptions): Promise<ImportProgress & { rejectsPath: string | null }> {
  const units = await loadUnits(store.db);
  if (units.length === 0) {
    throw new NoGeographyError(
      'Chưa có đơn vị hành chính; chạy `vungxanh geo import --hcmc-2021` trước / no geography in the database: run `vungxanh geo import --hcmc-2021` first',
    );
  }
  const intake = new Intake(store, new Hierarchy(units));
  const batchSize = options.batchSize ?? DEFAULT_FILE_BATCH;
  // Read and validated on another thread while this one writes: the two halves of an import overlap.
  const source = await readValidatedParts({
    source: { path: options.path },
    kind: options.kind,
    units,
    scope: options.sender.scope,
    today: intake.today(),
    // The reading thread cuts parts at every multiple of this. PostgreSQL writes a part in several
    // round trips, about a fifth of a second for a full part on a busy 2-core machine: parts of
    // 1,000 rows let a slice end close to DEFAULT_SLICE_MS (parts of 1,000 divide the usual batches).
    batchSize: store.engine === 'postgres' ? Math.min(batchSize, POSTGRES_PART_ROWS) : batchSize,
  });
  const total = source.total;
  let rejectsFd: number | null = null;
  const summary = await importParts(intake, options.kind, source.parts, options.sender, {
    channel: 'cli',
    // Rows come validated; field strictness was applied by the reading thread.
    strictFields: false,
    batchSize,
    sliceMs: options.sliceMs ?? DEFAULT_SLICE_MS,
    onBatch: (progress, rejected) => {
      if (rejected.length > 0) {
        if (rejectsFd === null) {
          rejectsFd = openSync(options.rejectsPath, 'w');
          // The BOM makes Excel read the file as UTF-8, diacritics and all.
          writeSync(rejectsFd, `\ufeff${rejectReportHeader(options.kind)}\n`);
        }
        let text = '';
        for (const r of rejected) text += rejectReportLine(options.kind, r.index, r.errors, r.raw) + '\n';
        writeSync(rejectsFd, text);
      }
      options.onProgress?.(progress, total);
    },
  }).finally(async () => {
    // Stops the reading thread, also when the import ended early (a failed commit).
    await source.close();
    if (rejectsFd !== null) closeSync(rejectsFd);
  });
  return { ...summary, rejectsPath: rejectsFd === null ? null : options.rejectsPath };
}
