import { AlignmentType, type FileChild, PageBreak, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlign, WidthType } from 'docx';

import { centred, dateInWords, GRID, SMALL, text, TEXT_WIDTH } from '../administrative-layout.ts';
import type { RewardDocument, RewardRecipient } from './reward-documents.ts';
import { bySubject, isSubmission, textKind } from './reward-wording.ts';

/**
 * The list annexed to a decision or a submission, on a page of its own: "DANH SÁCH", what it lists,
 * "(Kèm theo Quyết định số … ngày …)", then a table of the recipients, collectives (I) before
 * individuals (II), numbered within each part.
 */

/** Column shares of the writing width: STT, name, position, unit, achievement. */
const COLUMNS = [7, 27, 16, 20, 30];
const HEADERS = ['STT', 'Họ và tên / Tên tập thể', 'Chức vụ', 'Đơn vị', 'Thành tích'];

export function annexedList(doc: RewardDocument): FileChild[] {
  const widths = COLUMNS.map((share) => Math.round((TEXT_WIDTH * share) / 100));
  const groups = bySubject(doc.recipients);
  const rows = [new TableRow({ tableHeader: true, cantSplit: true, children: HEADERS.map((h, i) => cell(h, widths[i], { bold: true, centre: true })) })];
  const parts: [string, RewardRecipient[]][] = [
    ['I. TẬP THỂ', groups.collective],
    ['II. CÁ NHÂN', groups.individual],
  ];
  for (const [label, recipients] of parts.filter(([, list]) => list.length > 0)) {
    rows.push(new TableRow({ cantSplit: true, children: [cell(`${label} (${recipients.length})`, TEXT_WIDTH, { bold: true, span: COLUMNS.length })] }));
    recipients.forEach((r, i) =>
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            cell(String(i + 1), widths[0], { centre: true }),
            cell(r.name, widths[1], { bold: r.subject === 'collective' }),
            cell(r.position ?? '', widths[2]),
            cell(r.unitName, widths[3]),
            cell(r.achievement, widths[4]),
          ],
        }),
      ),
    );
  }
  const what = isSubmission(doc) ? `tập thể, cá nhân đề nghị tặng ${doc.formName}` : `tập thể, cá nhân được tặng ${doc.formName}`;
  return [
    new Paragraph({ children: [new PageBreak()] }),
    centred([text('DANH SÁCH', { bold: true, size: 28 })]),
    centred([text(what, { bold: true })]),
    centred([text(`(Kèm theo ${textKind(doc)} số ${doc.number} ${dateInWords(doc.date)})`, { italics: true })], 240),
    // Fixed layout: Word and other readers keep the column shares instead of sizing columns by their longest word.
    new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: GRID, rows }),
    centred([text('―――――', { size: 20 })]),
  ];
}

function cell(value: string, width: number, options: { bold?: boolean; centre?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: options.span,
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60, top: 40, bottom: 40 },
    children: [
      new Paragraph({
        alignment: options.centre ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [text(value, { bold: options.bold, size: SMALL })],
      }),
    ],
  });
}
