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
 * Reads the first worksheet of an XLSX: the header row, then every non-empty row. The archive is
 * checked for bombs before it is inflated. Formula cells are reported, not evaluated: a formula's
 * cached result may be stale, and a sheet of formulas is not the record the CDC vouches for.
 */
export async function readXlsxRows(bytes: Uint8Array): Promise<{ header: string[]; rows: SheetRow[] }> {
  checkZip(bytes);
  // Loaded when a spreadsheet comes: ExcelJS takes longer to load than a CSV of thousands of rows to read.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new XlsxRejected(`không đọc được tệp XLSX / unreadable XLSX: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new XlsxRejected('tệp XLSX không có trang tính nào / the XLSX has no worksheet');
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: unknown[] = [];
    const formulaColumns: number[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (cell.type === Excel.ValueType.Formula) {
        formulaColumns.push(col - 1);
        cells[col - 1] = undefined;
      } else cells[col - 1] = plainValue(cell.value);
    });
    if (header === null) {
      header = cells.map((c) => (c === undefined || c === null ? '' : String(c)));
      return;
    }
    if (cells.every((c) => c === undefined || c === null || c === '') && formulaColumns.length === 0) return;
    rows.push({ line: rowNumber, cells, formulaColumns });
  });
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
