import { AlignmentType, type FileChild, ImageRun, PageBreak, Paragraph, Table, TableCell, TableRow, type TextRun, WidthType } from 'docx';

import { type Block, type BulletinDocument, plainText, type Run } from '../core/bulletin/bulletin-document.ts';
import type { Bulletin } from '../core/bulletin/bulletin-model.ts';
import { issuer, writeBulletin } from '../core/bulletin/bulletin-text.ts';
import { administrativeDocx, administrativeHead, centred, GRID, text } from './administrative-layout.ts';

/**
 * The bulletin as a Word document with the look of a Vietnamese administrative text (Decree
 * 30/2020/NĐ-CP): the issuing body and the national motto side by side at the head, the place and
 * date line, the title centred in capitals, Times New Roman 13 pt; then the English version on a
 * page of its own. Figures read as text here; the sources they come from close each version.
 */

/** A version's signed short URL (docs/verify.md) and its QR code as PNG: printed at the end of that version. */
export interface DocxShare {
  url: string;
  qrPng: Buffer;
}

export async function bulletinDocx(bulletin: Bulletin, share?: Record<'vi' | 'en', DocxShare>): Promise<Buffer> {
  const vi = writeBulletin(bulletin, 'vi');
  const en = writeBulletin(bulletin, 'en');
  return administrativeDocx(
    { title: vi.title, subject: en.title, description: 'Bản tin tự động tạo từ số liệu công bố / generated from the published figures' },
    [
      ...head(bulletin, vi),
      ...body(vi),
      ...verifyBlock(share?.vi, 'vi'),
      new Paragraph({ children: [new PageBreak()] }),
      ...englishHead(bulletin, en),
      ...body(en),
      ...verifyBlock(share?.en, 'en'),
    ],
  );
}

/** "Kiểm chứng bản tin này": the short URL and its QR code, so a reader can check a copy against the official one. */
function verifyBlock(share: DocxShare | undefined, lang: 'vi' | 'en'): FileChild[] {
  if (!share) return [];
  return [
    paragraph([text(lang === 'vi' ? 'Kiểm chứng bản tin này:' : 'Verify this bulletin:', { bold: true }), text(` ${share.url}`, { size: 18 })], {
      before: 240,
    }),
    new Paragraph({ children: [new ImageRun({ type: 'png', data: share.qrPng, transformation: { width: 120, height: 120 } })] }),
  ];
}

/** The head of an administrative text (issuing body left; national motto, place and date right), then the title. */
function head(bulletin: Bulletin, doc: BulletinDocument): FileChild[] {
  const [body, office] = issuer(bulletin, 'vi');
  return [
    administrativeHead({ superior: body, issuer: office, placeDate: doc.dateLine }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: [text('BẢN TIN', { bold: true, size: 28 })] }),
    centred([text(doc.title, { bold: true })], 240),
  ];
}

function englishHead(bulletin: Bulletin, doc: BulletinDocument): FileChild[] {
  const [body, office] = issuer(bulletin, 'en');
  return [
    centred([text('ENGLISH VERSION', { bold: true })]),
    centred([text(`${office}, ${body}`, { italics: true })]),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 120, after: 240 }, children: [text(doc.dateLine, { italics: true })] }),
    centred([text(doc.title, { bold: true, size: 28 })], 240),
  ];
}

function runs(list: readonly Run[], bold = false): TextRun[] {
  return list.map((r) => text(r.text, { bold: bold || r.strong }));
}

function paragraph(children: TextRun[], options: { bullet?: boolean; before?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: options.before ?? 0, after: 120, line: 300 },
    indent: options.bullet ? { left: 360, hanging: 360 } : { firstLine: 567 },
    children: options.bullet ? [text('- '), ...children] : children,
  });
}

function body(doc: BulletinDocument): FileChild[] {
  const out: FileChild[] = [];
  for (const block of doc.blocks) out.push(...blockOf(block));
  const sources = [...new Set(doc.blocks.flatMap(hrefsOf))];
  out.push(paragraph([text(doc.lang === 'vi' ? 'Nguồn số liệu (API):' : 'Sources (API calls):', { bold: true })], { before: 240 }));
  for (const href of sources) out.push(paragraph([text(href, { size: 20 })], { bullet: true }));
  return out;
}

function blockOf(block: Block): FileChild[] {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({ spacing: { before: 240, after: 120 }, keepNext: true, children: runs(block.runs, true) })];
    case 'paragraph':
      return [paragraph(runs(block.runs))];
    case 'notice':
      return [
        centred(
          block.runs.map((r) => text(r.text, { bold: true, italics: true })),
          120,
        ),
      ];
    case 'list':
      return block.items.map((item) => paragraph(runs(item), { bullet: true }));
    case 'table':
      return [
        new Paragraph({ spacing: { before: 120, after: 60 }, keepNext: true, children: runs(block.caption) }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders: GRID,
          rows: [
            new TableRow({ tableHeader: true, children: block.header.map((h) => tableCell(h, true)) }),
            ...block.rows.map((row) => new TableRow({ children: row.map((cell, i) => tableCell(plainText(cell), false, i > 0)) })),
          ],
        }),
      ];
  }
}

function tableCell(value: string, header: boolean, number = false): TableCell {
  return new TableCell({
    children: [new Paragraph({ alignment: number || header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [text(value, { bold: header, size: 24 })] })],
  });
}

function hrefsOf(block: Block): string[] {
  const all = (list: readonly Run[]) => list.flatMap((r) => (r.href ? [r.href] : []));
  switch (block.type) {
    case 'list':
      return block.items.flatMap(all);
    case 'table':
      return [...all(block.caption), ...block.rows.flatMap((row) => row.flatMap(all))];
    default:
      return all(block.runs);
  }
}
