import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';

import { isRejectsReport, mapHeaders } from '../core/cases/headers.ts';
import { kindMismatch, kindMismatchMessage } from '../core/cases/kind-mismatch.ts';
import type { FieldError, IntakeKind } from '../core/cases/records.ts';
import { type ColumnRefusal, columnRefusal, columnRefusalMessage, HEADER_SEARCH_ROWS, headerRowIndex } from '../core/cases/required-columns.ts';
import type { RawRow } from '../core/cases/validate.ts';
import { restoredCell } from './csv-cell.ts';
import { type CsvRow, csvRows } from './csv-rows.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-limits.ts';
import { readXlsxRows, type SheetRow, WORKBOOK_LIMITS } from './xlsx-rows.ts';

export type IntakeFormat = 'csv' | 'ndjson' | 'json' | 'xlsx';

/** A file of rows, ready to be read in batches. */
export interface IntakeSource {
  format: IntakeFormat;
  /** Headers that map to no field (ignored; shown so a misspelt column is noticed). */
  unknownHeaders: string[];
  /** Rows as canonical field values; JSON formats keep the sender's keys (checked strictly). */
  rows(): Generator<RawRow>;
  /** Whether rows must carry canonical field names only. */
  strictFields: boolean;
}

export class IntakeFileError extends Error {}

/** A file whose header row lacks a required column of its kind: refused as a whole, before any row is read. */
export class MissingColumnsError extends IntakeFileError {
  constructor(
    message: string,
    readonly refusal: ColumnRefusal,
  ) {
    super(message);
  }
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function formatOf(fileName: string, bytes: Uint8Array): IntakeFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.xlsx' || XLSX_MAGIC.every((b, i) => bytes[i] === b)) return 'xlsx';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.txt' || ext === '') return 'csv';
  throw new IntakeFileError(`${fileName}: định dạng không hỗ trợ, dùng CSV, XLSX hoặc NDJSON / unsupported format: use CSV, XLSX or NDJSON`);
}

/**
 * Opens an intake file (CSV, XLSX, NDJSON, JSON array). Text must be UTF-8: a legacy encoding
 * fails here, naming the line, before any row is imported. Tabular headers are mapped to fields
 * (Vietnamese headers welcome, see docs/intake-headers.md); columns that map to nothing are
 * dropped, so a stray "Họ tên" column never reaches the database.
 */
export async function openIntakeFile(bytes: Uint8Array, fileName: string, kind: IntakeKind): Promise<IntakeSource> {
  const format = formatOf(fileName, bytes);
  if (format === 'xlsx') {
    // The header row and its mapping are found in the opening rows, so the columns no field maps
    // to are dropped as the sheet is read, and a file lacking a required column is refused
    // before the rest of it is read.
    const sheet = belowTitleRows(
      kind,
      await readXlsxRows(bytes, WORKBOOK_LIMITS, {
        openingRows: HEADER_SEARCH_ROWS,
        keep: (opening) => tabularMapping(kind, opening[headerRowIndex(kind, opening)], fileName).columns.map((field) => field !== null),
      }),
    );
    const mapping = tabularMapping(kind, sheet.header, fileName);
    const cellOf = cellReader(sheet.header);
    return {
      format,
      unknownHeaders: mapping.unknown,
      strictFields: false,
      *rows() {
        for (let at = 0; at < sheet.rows.length; at++) {
          const row = sheet.rows[at];
          // Let go once read: the sheet's rows are held only until validated, not for the whole import.
          (sheet.rows as Array<SheetRow | null>)[at] = null;
          const values: Record<string, unknown> = {};
          mapping.columns.forEach((field, i) => {
            if (field !== null && row.cells[i] !== undefined) values[field] = cellOf(row.cells[i]);
          });
          const errors: FieldError[] = row.formulaColumns.map((i) => ({
            field: mapping.columns[i] ?? sheet.header[i] ?? `column ${i + 1}`,
            code: 'formula_cell',
            message: `Ô chứa công thức, hãy dán giá trị (cột "${sheet.header[i] ?? i + 1}") / cell holds a formula: paste values instead`,
          }));
          yield { index: row.line, values, errors };
        }
      },
    };
  }
  // isUtf8 is a fast validating scan; the strict decoder runs only to name the bad line.
  const text = isUtf8(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        .toString('utf8')
        .replace(/^\ufeff/, '')
    : decodeUtf8(bytes, fileName);
  if (format === 'csv') {
    const reader = csvRows(text);
    const opening: CsvRow[] = [];
    while (opening.length < HEADER_SEARCH_ROWS) {
      const next = reader.next();
      if (next.done) break;
      opening.push(next.value);
    }
    if (opening.length === 0) throw new IntakeFileError(`${fileName}: tệp trống / the file is empty`);
    const at = headerRowIndex(
      kind,
      opening.map((r) => r.cells),
    );
    const header = opening[at].cells;
    const rows = (function* () {
      yield* opening.slice(at + 1);
      yield* reader;
    })();
    const mapping = tabularMapping(kind, header, fileName);
    const cellOf = cellReader(header);
    return {
      format,
      unknownHeaders: mapping.unknown,
      strictFields: false,
      *rows() {
        for (const row of rows) {
          const values: Record<string, unknown> = {};
          const cols = mapping.columns;
          for (let i = 0; i < cols.length; i++) {
            const field = cols[i];
            if (field !== null && row.cells[i] !== undefined) values[field] = cellOf(row.cells[i]);
          }
          const errors: FieldError[] | undefined =
            row.cells.length !== header.length
              ? [
                  {
                    field: '(row)',
                    code: 'column_count',
                    message: `Dòng có ${row.cells.length} cột, tiêu đề có ${header.length} / row has ${row.cells.length} columns, the header ${header.length}`,
                  },
                ]
              : undefined;
          yield { index: row.line, values, errors };
        }
      },
    };
  }
  if (format === 'json') {
    let parsed: unknown;
    if (nestsDeeperThan(text)) throw new IntakeFileError(`${fileName}: JSON lồng nhau quá ${MAX_JSON_DEPTH} cấp / nests deeper than ${MAX_JSON_DEPTH} levels`);
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new IntakeFileError(`${fileName}: không phải JSON hợp lệ / not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new IntakeFileError(`${fileName}: cần một mảng JSON / expected a JSON array`);
    return { format, unknownHeaders: [], strictFields: true, rows: () => jsonValues(parsed as unknown[], 0) };
  }
  return { format, unknownHeaders: [], strictFields: true, rows: () => ndjsonRows(text, 1) };
}

/** A sheet with the lines above its table (title, office, date) set aside: the header is the row that names the columns. */
function belowTitleRows(kind: IntakeKind, sheet: { header: string[]; rows: SheetRow[] }): { header: string[]; rows: SheetRow[] } {
  const candidates = [
    sheet.header,
    ...sheet.rows.slice(0, HEADER_SEARCH_ROWS - 1).map((r) => r.cells.map((c) => (c === undefined || c === null ? '' : String(c)))),
  ];
  const at = headerRowIndex(kind, candidates);
  return at === 0 ? sheet : { header: candidates[at], rows: sheet.rows.slice(at) };
}

/**
 * How a sheet's cells are read: as they are, or, in a rejects report sent back, with the quote
 * the report put before formula-leading text taken off (csv-cell.ts), so the values the officer
 * did not touch come back exactly as first sent.
 */
function cellReader(header: readonly string[]): <T>(cell: T) => T | string {
  if (!isRejectsReport(header)) return (cell) => cell;
  return (cell) => (typeof cell === 'string' ? restoredCell(cell) : cell);
}

function tabularMapping(kind: IntakeKind, header: string[], fileName: string) {
  // Before any row is read: a file without a column its kind requires is refused once (not row by
  // row, each for the same missing column), naming the kind it looks like when it fits another.
  const refusal = columnRefusal(kind, header);
  if (refusal) {
    const mismatch = kindMismatch(kind, header);
    throw new MissingColumnsError(`${fileName}: ${mismatch ? kindMismatchMessage(kind, mismatch) : columnRefusalMessage(refusal)}`, refusal);
  }
  const mapping = mapHeaders(kind, header);
  if (mapping.duplicates.length > 0) {
    throw new IntakeFileError(`${fileName}: nhiều cột cùng nghĩa ${mapping.duplicates.join(', ')} / several columns map to ${mapping.duplicates.join(', ')}`);
  }
  if (mapping.columns.every((c) => c === null)) {
    throw new IntakeFileError(`${fileName}: không nhận ra cột nào (xem docs/intake-headers.md) / no known column header (see docs/intake-headers.md)`);
  }
  return mapping;
}

/** Array elements as rows; indices are the array's, from `base`. */
export function* jsonValues(items: readonly unknown[], base: number): Generator<RawRow> {
  for (let i = 0; i < items.length; i++) yield asRow(items[i], base + i);
}

/** NDJSON lines as rows, numbered from `base`; a line that is not JSON is a rejected row, not a failed file. */
export function* ndjsonRows(text: string, base: number): Generator<RawRow> {
  let start = 0;
  let line = base;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const content = text.slice(start, end).trim();
    if (content !== '') yield lineRow(content, line);
    start = end + 1;
    line++;
  }
}

/**
 * One NDJSON line as a row. A line that cannot be read is rejected with its number and where it
 * broke, never its text: it may hold anything (names, phones), and the sender still has the file.
 */
function lineRow(content: string, line: number): RawRow {
  const unreadable = (code: string, message: string): RawRow => ({ index: line, values: {}, raw: {}, errors: [{ field: '(line)', code, message }] });
  if (nestsDeeperThan(content))
    return unreadable('too_deep', `Dòng JSON lồng nhau quá ${MAX_JSON_DEPTH} cấp / the line nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return asRow(JSON.parse(content), line);
  } catch (error) {
    // V8 quotes the text around the fault in its message: only the column is kept.
    const at = /at position (\d+)/.exec((error as Error).message);
    const where = at ? ` (cột ${Number(at[1]) + 1} / column ${Number(at[1]) + 1})` : '';
    return unreadable('bad_json', `Dòng không phải JSON hợp lệ${where}; nội dung dòng không được lưu / the line is not valid JSON; its text is not kept`);
  }
}

function asRow(value: unknown, index: number): RawRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    // What it was, not what it said: a bare string may be anybody's name or phone.
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return {
      index,
      values: {},
      raw: {},
      errors: [
        {
          field: '(row)',
          code: 'not_an_object',
          message: `Mỗi bản ghi phải là một đối tượng JSON (nhận được ${got}) / each record must be a JSON object (got ${got})`,
        },
      ],
    };
  }
  return { index, values: value as Record<string, unknown> };
}
