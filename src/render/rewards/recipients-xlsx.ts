import { displayDate } from '../../core/time/local-date.ts';
import type { RewardDocument, RewardRecipient } from './reward-documents.ts';
import { bySubject, isSubmission, subjectLabel, textKind } from './reward-wording.ts';

/**
 * The recipients as a workbook, for the Board to check and file: two title rows, a header row,
 * one row per recipient (collectives first, as in the annexed list), set to print on A4 landscape.
 *
 * Names come from committees: every value is written as a typed string cell, never a formula,
 * so a name that starts with = + - @ is shown as text and not run (the CSV exports quote such
 * cells instead, csv-cell.ts; an XLSX cell carries its type).
 */

interface Column {
  header: string;
  width: number;
  value: (r: RewardRecipient, index: number) => string | number;
}

const COLUMNS: Column[] = [
  { header: 'STT / No.', width: 7, value: (_, i) => i + 1 },
  { header: 'Đối tượng / Subject', width: 13, value: (r) => `${subjectLabel(r.subject)} / ${r.subject === 'collective' ? 'Collective' : 'Individual'}` },
  { header: 'Họ và tên / Tên tập thể — Name', width: 36, value: (r) => r.name },
  { header: 'Chức vụ / Position', width: 22, value: (r) => r.position ?? '' },
  { header: 'Đơn vị / Unit', width: 28, value: (r) => r.unitName },
  { header: 'Thành tích / Achievement', width: 60, value: (r) => r.achievement },
];

export async function recipientsXlsx(doc: RewardDocument): Promise<Buffer> {
  // Loaded on first export: it takes ~0.4 s to import, which every CLI command would otherwise pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vùng Xanh';
  workbook.title = `${textKind(doc)} ${doc.number}`;
  const sheet = workbook.addWorksheet('Danh sách', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  const what = isSubmission(doc) ? 'đề nghị tặng / proposed for' : 'được tặng / awarded';
  sheet.addRow([text(`Danh sách tập thể, cá nhân ${what} ${doc.formName}`)]).font = { bold: true, size: 13 };
  sheet.addRow([text(`Kèm theo ${textKind(doc)} số ${doc.number} ngày ${displayDate(doc.date)} — ${doc.campaignName}`)]).font = { italic: true };
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  const groups = bySubject(doc.recipients);
  // One numbering down the sheet (the annexed list numbers within each part, under its part's heading).
  [...groups.collective, ...groups.individual].forEach((r, i) => {
    const row = sheet.addRow(COLUMNS.map((c) => cellValue(c.value(r, i))));
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A number stays a number; text stays text, whatever it starts with (see above). */
function cellValue(value: string | number): string | number {
  return typeof value === 'number' ? value : text(value);
}

/** ExcelJS keeps a string a string; NFC so that a name typed with combining marks reads like the rest. */
function text(value: string): string {
  return value.normalize('NFC');
}
