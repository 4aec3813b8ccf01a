/**
 * The reading thread of a file import: reads the file, validates every row and hands the
 * writing thread parts of validated records, so that parsing and validation (about a third of
 * an import's work) run beside the database writes instead of before them. Started by
 * `readValidatedParts` (validated-parts.ts) through validate-worker-entry.mjs.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

import type { Rejection } from '../core/cases/batch-plan.ts';
import { type CaseColumns, encodeCases, transferables } from '../core/cases/case-columns.ts';
import type { CaseRecord, IntakeKind, RecordOf } from '../core/cases/records.ts';
import type { ColumnRefusal } from '../core/cases/required-columns.ts';
import { UnitResolver } from '../core/cases/unit-resolver.ts';
import type { ValidationContext } from '../core/cases/validate.ts';
import { validatedParts } from '../core/cases/validated-part.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import type { Unit } from '../core/geo/unit.ts';
import { EncodingError } from '../files/decode-utf8.ts';
import { type IntakeFormat, MissingColumnsError, openIntakeFile } from '../files/intake-file.ts';
import { type WorkbookLimit, XlsxLimitExceeded } from '../files/xlsx-rows.ts';

/** What to read: a file on disk (the CLI), or bytes already received (an upload), with the name that tells the format. */
export type ReaderSource = { path: string } | { bytes: Uint8Array; fileName: string };

export interface ReaderSetup {
  source: ReaderSource;
  kind: IntakeKind;
  units: Unit[];
  scope: string | null;
  today: string;
  /** Rows per transaction: parts never straddle two, so each transaction is exactly this many rows. */
  batchSize: number;
  /** Parts sent ahead of the writer: enough to keep it busy, few enough to bound memory. */
  ahead: number;
}

export type ReaderMessage =
  | { type: 'start'; format: IntakeFormat; total: number | null; strictFields: boolean }
  | {
      type: 'part';
      size: number;
      cases: CaseColumns | null;
      /** With `cases`: how a row's unit was read, where that needs saying (the columns carry no notes). */
      notes: Array<{ index: number; note: string }>;
      records: Array<{ index: number; record: RecordOf[IntakeKind] }> | null;
      invalid: Rejection[];
    }
  | { type: 'end' }
  | {
      type: 'error';
      name: string;
      message: string;
      encoding?: { source: string; line: number };
      refusal?: ColumnRefusal;
      limit?: { name: WorkbookLimit; max: number };
    };

/** Lines in a text file (less the header for CSV): a progress bar's denominator, without a second parse. */
export function estimateRows(bytes: Uint8Array, header: boolean): number {
  let lines = 0;
  let at = -1;
  while ((at = bytes.indexOf(10, at + 1)) >= 0) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  return Math.max(0, lines - (header ? 1 : 0));
}

async function run(setup: ReaderSetup, port: NonNullable<typeof parentPort>): Promise<void> {
  let credits = setup.ahead;
  let wake: (() => void) | null = null;
  port.on('message', (m: { credit: number }) => {
    credits += m.credit;
    wake?.();
  });
  const post = (message: ReaderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

  const bytes = 'path' in setup.source ? readFileSync(setup.source.path) : setup.source.bytes;
  const source = await openIntakeFile(bytes, 'path' in setup.source ? basename(setup.source.path) : setup.source.fileName, setup.kind);
  // Lines count rows in CSV and NDJSON only: a JSON array may sit on one line or spread over many.
  const total = source.format === 'csv' || source.format === 'ndjson' ? estimateRows(bytes, source.format === 'csv') : null;
  post({ type: 'start', format: source.format, total, strictFields: source.strictFields });

  const hierarchy = new Hierarchy(setup.units);
  const ctx: ValidationContext = {
    hierarchy,
    resolver: new UnitResolver(hierarchy),
    scopes: setup.scope === null ? null : [setup.scope],
    today: setup.today,
    strictFields: source.strictFields,
  };
  for (const part of validatedParts(setup.kind, source.rows(), ctx, setup.batchSize)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    credits--;
    const { valid, invalid, size } = part;
    if (setup.kind === 'cases') {
      const cases = encodeCases(valid as Array<{ index: number; record: CaseRecord }>);
      const notes = valid.flatMap((v) => (v.note === undefined ? [] : [{ index: v.index, note: v.note }]));
      post({ type: 'part', size, cases, notes, records: null, invalid }, transferables(cases));
    } else post({ type: 'part', size, cases: null, notes: [], records: valid, invalid });
  }
  post({ type: 'end' });
}

if (parentPort) {
  const port = parentPort;
  run(workerData as ReaderSetup, port).catch((error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const encoding = e instanceof EncodingError ? { source: e.source, line: e.line } : undefined;
    const refusal = e instanceof MissingColumnsError ? e.refusal : undefined;
    const limit = e instanceof XlsxLimitExceeded ? { name: e.limit, max: e.max } : undefined;
    port.postMessage({ type: 'error', name: e.constructor.name, message: e.message, encoding, refusal, limit } satisfies ReaderMessage);
  });
}
