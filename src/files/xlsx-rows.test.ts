import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

import { readXlsxRows, WORKBOOK_LIMITS, XlsxLimitExceeded } from './xlsx-rows.ts';
import { checkZip } from './zip-guard.ts';

async function workbook(sheets: Array<{ name: string; rows: unknown[][] }>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const refusal = async (bytes: Uint8Array, limits = WORKBOOK_LIMITS) => {
  const error = await readXlsxRows(bytes, limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XlsxLimitExceeded);
  return error as XlsxLimitExceeded;
};

describe('readXlsxRows, streaming', () => {
  it('reads the first tab only: values, dates, formulas flagged, blank rows skipped', async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('Ca bệnh');
    first.addRow(['Mã ca', 'Ngày', 'Số']);
    first.addRow(['HCM-1', new Date(Date.UTC(2021, 6, 9)), 3]);
    first.getCell('B2').numFmt = 'dd/mm/yyyy';
    first.addRow([]);
    first.addRow(['HCM-2', new Date(Date.UTC(2021, 6, 10)), { formula: '1+2', result: 3 }]);
    first.getCell('B4').numFmt = 'dd/mm/yyyy';
    wb.addWorksheet('Ghi chú').addRow(['not', 'read']);
    const sheet = await readXlsxRows(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(sheet.header).toEqual(['Mã ca', 'Ngày', 'Số']);
    expect(sheet.rows).toEqual([
      { line: 2, cells: ['HCM-1', new Date(Date.UTC(2021, 6, 9)), 3], formulaColumns: [] },
      { line: 4, cells: ['HCM-2', new Date(Date.UTC(2021, 6, 10)), undefined], formulaColumns: [2] },
    ]);
  });

  it('counts worksheets from the ZIP directory and refuses more than the limit before inflating any', async () => {
    const bytes = await workbook(Array.from({ length: 3 }, (_, i) => ({ name: `Trang ${i + 1}`, rows: [['Mã ca'], ['HCM-1']] })));
    expect(checkZip(bytes).worksheets).toBe(3);
    const e = await refusal(bytes, { ...WORKBOOK_LIMITS, sheets: 2 });
    expect(e).toMatchObject({ limit: 'sheets', max: 2 });
    expect(e.message).toContain('hơn 2 trang tính');
    expect(e.message).toContain('more than 2 sheets');
  });

  it('refuses a sheet past the row limit and past the cell limit, naming the limit', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`HCM-${i}`, 'a', 'b', 'c']);
    const bytes = await workbook([{ name: 'Ca bệnh', rows: [['Mã ca', 'x', 'y', 'z'], ...rows] }]);
    expect((await readXlsxRows(bytes, { sheets: 1, rows: 6, cells: 24 })).rows).toHaveLength(5);
    expect(await refusal(bytes, { sheets: 1, rows: 5, cells: 1000 })).toMatchObject({ limit: 'rows', max: 5 });
    expect(await refusal(bytes, { sheets: 1, rows: 1000, cells: 23 })).toMatchObject({ limit: 'cells', max: 23 });
  });

  it('counts a row reaching a far column by its span: one cell at column XFD is 16,384 cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ca bệnh');
    ws.addRow(['Mã ca']);
    ws.getCell('XFD2').value = 'far';
    const e = await refusal(new Uint8Array(await wb.xlsx.writeBuffer()), { sheets: 1, rows: 10, cells: 10_000 });
    expect(e).toMatchObject({ limit: 'cells' });
  });

  it('drops the columns a choice made on the opening rows does not keep; the opening rows stay whole; a refusal from the choice passes unchanged', async () => {
    const rows = [
      ['Danh sách ca'],
      ['Mã ca', 'Họ tên', 'Số'],
      ...Array.from({ length: 5 }, (_, i) => [`HCM-${i}`, `Người ${i}`, { formula: '1+1', result: 2 }]),
    ];
    const bytes = await workbook([{ name: 'Ca bệnh', rows }]);
    const seen: string[][][] = [];
    const sheet = await readXlsxRows(bytes, WORKBOOK_LIMITS, {
      openingRows: 3,
      keep: (opening) => {
        seen.push(opening);
        return [true, false, true];
      },
    });
    expect(seen).toEqual([[['Danh sách ca'], ['Mã ca', 'Họ tên', 'Số'], ['HCM-0', 'Người 0', '']]]);
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      ['Mã ca', 'Họ tên', 'Số'],
      ['HCM-0', 'Người 0', undefined],
      ...[1, 2, 3, 4].map((i) => [`HCM-${i}`, undefined, undefined]),
    ]);
    // A formula is still reported in every row, kept column or not.
    expect(sheet.rows.slice(1).every((r) => r.formulaColumns.length === 1)).toBe(true);

    class Refused extends Error {}
    await expect(
      readXlsxRows(bytes, WORKBOOK_LIMITS, {
        openingRows: 3,
        keep: () => {
          throw new Refused('no id column');
        },
      }),
    ).rejects.toBeInstanceOf(Refused);
  });
});
