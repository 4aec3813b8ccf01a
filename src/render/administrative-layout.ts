import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  type ISectionPropertiesOptions,
  Packer,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/**
 * The pieces of a Vietnamese administrative text (Decree 30/2020/NĐ-CP, Appendix I) that every
 * Word document the server writes shares: the head (issuing body and number at the left, national
 * title, motto and place-and-date at the right), the closing (recipients left, signature right),
 * Times New Roman at 13–14 pt on A4 with the decree's margins. Kept in one place so the bulletin
 * and the reward documents cannot drift apart.
 */

export const FONT = 'Times New Roman';
/** Half-points: 13 pt body, as administrative texts are set. */
export const BODY = 26;
/** Half-points: 14 pt, the decree's upper size for the document name and the motto. */
export const LARGE = 28;
/** Half-points: 12 pt, the decree's size for the issuing body and "Nơi nhận:". */
export const SMALL = 24;
/** Half-points: 11 pt, the decree's size for the list of recipients. */
export const SMALLER = 22;

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
export const GRID = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };

/** Twips in a millimetre (1440 per inch). */
const MM = 1440 / 25.4;
/** Decree 30: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the narrowest of each. */
const MARGIN = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
/** A4 in twips (210 × 297 mm). */
const A4 = { width: 11906, height: 16838 };

/** A4 portrait with the decree's margins. */
export const A4_PORTRAIT: ISectionPropertiesOptions = {
  page: { size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT }, margin: MARGIN },
};

/** A Word document written by Vùng Xanh: Times New Roman 13 pt on A4 portrait with the decree's margins, one section. */
export function administrativeDocx(meta: { title: string; subject: string; description: string }, children: FileChild[]): Promise<Buffer> {
  const document = new Document({
    ...meta,
    creator: 'Vùng Xanh',
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [{ properties: A4_PORTRAIT, children }],
  });
  return Packer.toBuffer(document);
}

/** The writing width of A4 portrait between the decree's margins, in twips. */
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

export function text(value: string, options: RunOptions = {}): TextRun {
  // NFC: a name typed with combining marks reads, searches and sorts like the rest.
  return new TextRun({
    text: value.normalize('NFC'),
    bold: options.bold,
    italics: options.italics,
    underline: options.underline ? {} : undefined,
    size: options.size,
  });
}

export function centred(children: ParagraphChild[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children });
}

/** A line of the body: justified, first line indented 1 cm, 6 pt after, as the decree sets the text. */
export function bodyParagraph(value: string, options: { italics?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: 120, line: 312 },
    indent: { firstLine: 567 },
    children: [text(value, { italics: options.italics })],
  });
}

/** The short rule under the issuing body and under the subject: the decree asks for a line a third to a half of the text above. */
export function shortRule(): Paragraph {
  return centred([text('――――――', { size: 20 })]);
}

export interface AdministrativeHead {
  /** The superior body ("ỦY BAN NHÂN DÂN"), or null when the issuer stands alone. */
  superior: string | null;
  /** The issuing body, in capitals. */
  issuer: string;
  /** Number and symbol ("1234/QĐ-UBND"), shown as "Số: …" under the issuer; absent for texts without one. */
  number?: string;
  /** "Thành phố Hồ Chí Minh, ngày 25 tháng 7 năm 2021". */
  placeDate: string;
}

/**
 * The head, a borderless two-column table as the decree draws it: left the superior body, the
 * issuing body in bold, a short rule and the number; right the national title, the motto
 * underlined, and the place and date in italics.
 */
export function administrativeHead(head: AdministrativeHead): Table {
  const left = [
    ...(head.superior ? [centred([text(head.superior, { size: SMALL })])] : []),
    centred([text(head.issuer, { bold: true, size: SMALL })]),
    shortRule(),
    ...(head.number ? [centred([text(`Số: ${head.number}`)])] : []),
  ];
  const right = [
    centred([text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SMALL })]),
    centred([text('Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true, size: BODY })], 120),
    centred([text(head.placeDate, { italics: true })]),
  ];
  return twoColumns(left, right, [40, 60]);
}

/** Decree 30: the day below 10 and the months January and February are written with a leading 0. */
export function placeDateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const day = String(d).padStart(2, '0');
  const month = m < 3 ? String(m).padStart(2, '0') : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${y}`;
}

/** The same date inside a sentence: "ngày 25 tháng 7 năm 2021". */
export function dateInWords(isoDate: string): string {
  return placeDateLine('', isoDate).slice(2);
}

/**
 * The closing: "Nơi nhận:" and its list at the bottom left (12 and 11 pt), the signature block at
 * the right: the signer's title in bold capitals, room for the signature and seal, the name in bold.
 */
export function signatureAndRecipients(copiesTo: readonly string[], signer: { title: string; name: string }): FileChild[] {
  const last = copiesTo.length - 1;
  const left = [
    new Paragraph({ children: [text('Nơi nhận:', { bold: true, italics: true, size: SMALL })] }),
    // The decree ends each line with ";" and the last with "."
    ...copiesTo.map((line, i) => new Paragraph({ children: [text(`- ${line.replace(/[;.]\s*$/, '')}${i === last ? '.' : ';'}`, { size: SMALLER })] })),
  ];
  const right = [
    ...signer.title.split('\n').map((line) => centred([text(line.toUpperCase(), { bold: true })])),
    ...Array.from({ length: 4 }, () => centred([text('')])),
    centred([text(signer.name, { bold: true })]),
  ];
  return [new Paragraph({ spacing: { before: 240 }, children: [] }), twoColumns(left, right, [50, 50])];
}

function twoColumns(left: Paragraph[], right: Paragraph[], percent: [number, number]): Table {
  const [a, b] = percent.map((p) => Math.round((TEXT_WIDTH * p) / 100));
  const cell = (children: Paragraph[], width: number) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [a, b],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, a), cell(right, b)] })],
  });
}
