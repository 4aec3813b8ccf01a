import { Readable } from 'node:stream';

import type ExcelJS from 'exceljs';

import { checkZip } from './zip-guard.ts';

/** One sheet row: 1-based row number, cell values, and which columns held a formula. */
export interface SheetRow {
  line: number;
  cells: unknown[];
  formulaColumns: number[];
}

export class XlsxRejected extends Error {}

/**
 * How much of a workbook is read before it is refused (docs/intake-headers.md, "Limits"). A CDC
 * list has 1–5 sheets and, for a month of the July 2021 wave in one district, tens of thousands
 * of rows of 10–30 columns: the limits leave room for that and bound what one upload holds in
 * memory (the rows are kept until the header row is found and the sheet is validated).
 */
export interface WorkbookLimits {
  /** Worksheets in the file: counted in the ZIP directory, before anything is inflated. */
  sheets: number;
  /** Rows of the first sheet, title rows and header included. */
  rows: number;
  /** Cells of the first sheet, counted as each row's span (a row reaching column XFD counts 16,384). */
  cells: number;
}

export const WORKBOOK_LIMITS: WorkbookLimits = { sheets: 20, rows: 200_000, cells: 2_000_000 };

export type WorkbookLimit = keyof WorkbookLimits;

/** A workbook beyond one of the limits: refused as a whole, naming the limit. */
export class XlsxLimitExceeded extends XlsxRejected {
  constructor(
    readonly limit: WorkbookLimit,
    readonly max: number,
  ) {
    super(limitMessage(limit, max));
  }
}

function limitMessage(limit: WorkbookLimit, max: number): string {
  const vi = max.toLocaleString('vi-VN');
  const en = max.toLocaleString('en-GB');
  switch (limit) {
    case 'sheets':
      return `tệp XLSX có hơn ${vi} trang tính; chỉ trang đầu được đọc, hãy gửi một tệp chỉ có trang danh sách / the workbook has more than ${en} sheets: only the first is read, send a file holding the list's sheet alone`;
    case 'rows':
      return `trang tính có hơn ${vi} dòng; hãy chia tệp, hoặc gửi CSV / the sheet has more than ${en} rows: split the file, or send it as CSV`;
    case 'cells':
      return `trang tính có hơn ${vi} ô; hãy xoá các cột không dùng, chia tệp, hoặc gửi CSV / the sheet has more than ${en} cells: remove unused columns, split the file, or send it as CSV`;
  }
}

/**
 * Which columns a reader needs, chosen from the sheet's opening rows (where the header row is
 * searched): the others are dropped as each later row is read. A case list's unused columns
 * (names, phone numbers, addresses, field notes) are most of its text; kept, they held about
 * 130 MB for a 15 MB sheet of 128,000 rows until the import ended (bench/uploads.bench.ts).
 */
export interface ColumnChoice {
  /** Non-empty rows, header included, given to `keep`. */
  openingRows: number;
  /** From the opening rows as text: for each column, whether it is kept. May throw to refuse the sheet. */
  keep(opening: string[][]): boolean[];
}

/**
 * Refuses an archive that is a bomb or holds more sheets than the limit, from its ZIP directory
 * alone: cheap enough to run before an upload waits its turn to be read.
 */
export function checkWorkbookShape(bytes: Uint8Array, limits: WorkbookLimits = WORKBOOK_LIMITS): void {
  if (checkZip(bytes).worksheets > limits.sheets) throw new XlsxLimitExceeded('sheets', limits.sheets);
}

/**
 * Reads the first worksheet of an XLSX: the header row, then every non-empty row. The archive is
 * checked for bombs and its sheets counted before it is inflated; the sheet is then read as a
 * stream of rows (ExcelJS's streaming reader), never as ExcelJS's model of the whole workbook,
 * which costs about 150 times the file's size in memory and reads every sheet. Formula cells are
 * reported, not evaluated: a formula's cached result may be stale, and a sheet of formulas is not
 * the record the CDC vouches for.
 */
export async function readXlsxRows(
  bytes: Uint8Array,
  limits: WorkbookLimits = WORKBOOK_LIMITS,
  columns?: ColumnChoice,
): Promise<{ header: string[]; rows: SheetRow[] }> {
  checkWorkbookShape(bytes, limits);
  // Loaded when a spreadsheet comes: ExcelJS takes longer to load than a CSV of thousands of rows to read.
  const { default: Excel } = await import('exceljs');
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  // Styles are read for their number formats: without them a date cell is a bare serial number.
  const reader = new Excel.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  let seenRows = 0;
  let seenCells = 0;
  let sawSheet = false;
  // Every column until the opening rows have been seen and the choice made.
  let keep: boolean[] | null = null;
  let choiceError: unknown = null;
  const choose = () => {
    if (!columns || keep || header === null) return;
    try {
      keep = columns.keep([header, ...rows.map((r) => r.cells.map((c) => (c === undefined || c === null ? '' : String(c))))]);
    } catch (error) {
      choiceError = error;
      throw error;
    }
  };
  try {
    for await (const sheet of reader) {
      // Sheets stream in the archive's order; the first is the workbook's first tab.
      const first = (reader as unknown as { model?: { sheets?: Array<{ id: number }> } }).model?.sheets?.[0];
      if (first && (sheet as unknown as { id: number | string }).id !== first.id) continue;
      sawSheet = true;
      for await (const row of sheet) {
        if (!row.hasValues) continue;
        if (++seenRows > limits.rows) throw new XlsxLimitExceeded('rows', limits.rows);
        seenCells += row.cellCount;
        if (seenCells > limits.cells) throw new XlsxLimitExceeded('cells', limits.cells);
        const cells: unknown[] = new Array<unknown>(row.cellCount).fill(undefined);
        const formulaColumns: number[] = [];
        const kept = keep as boolean[] | null;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          // A formula is reported whichever its column: the row is refused for it, as before.
          if (cell.type === Excel.ValueType.Formula) formulaColumns.push(col - 1);
          else if (kept === null || kept[col - 1]) cells[col - 1] = plainValue(cell.value);
        });
        if (header === null) {
          header = cells.map((c) => (c === undefined || c === null ? '' : String(c)));
          continue;
        }
        if (cells.every((c) => c === undefined || c === null || c === '') && formulaColumns.length === 0) continue;
        rows.push({ line: row.number, cells, formulaColumns });
        if (columns && rows.length === columns.openingRows - 1) choose();
      }
      choose();
      break;
    }
  } catch (error) {
    if (error instanceof XlsxRejected || (choiceError !== null && error === choiceError)) throw error;
    throw new XlsxRejected(`không đọc được tệp XLSX / unreadable XLSX: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw new XlsxRejected('tệp XLSX không có trang tính nào / the XLSX has no worksheet');
  if (header === null) throw new XlsxRejected('trang tính trống / the worksheet is empty');
  return { header, rows };
}

function plainValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date || typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return String(value.error);
  return String(value);
}
