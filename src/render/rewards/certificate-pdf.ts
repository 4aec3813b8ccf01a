import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

import { displayDate } from '../../core/time/local-date.ts';
import { placeDateLine } from '../administrative-layout.ts';
import type { RewardDocument, RewardRecipient } from './reward-documents.ts';
import { authorityLine } from './reward-wording.ts';

/**
 * Certificates (Bằng khen / Giấy khen) ready to print: A4 landscape, one page per recipient, a
 * double border, the national title and motto, who grants it, "TẶNG BẰNG KHEN", the recipient's
 * name large, position and unit, the achievement, the decision's number, place and date, and the
 * signature block with room for the signature and seal.
 *
 * The fonts are DejaVu Serif TTFs (full Vietnamese coverage, no system fonts, the same on every
 * machine), embedded as subsets: each file carries only the glyphs it uses, with a ToUnicode map
 * so the text can be searched and copied. pdf-lib places glyphs one by one and does no shaping,
 * so every string is NFC-normalised first: a name typed with combining marks would otherwise be
 * drawn as a letter and a separate floating accent.
 */

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = { regular: 'DejaVuSerif.ttf', bold: 'DejaVuSerif-Bold.ttf', italic: 'DejaVuSerif-Italic.ttf' } as const;
type FontName = keyof typeof FONT_FILES;

/** A4 landscape in PostScript points (297 × 210 mm). */
const PAGE = { width: 841.89, height: 595.28 } as const;
/** Text stays this far inside the page edge: the border sits between. */
const INSET = 64;
const TEXT_WIDTH = PAGE.width - 2 * INSET;

const INK = rgb(0.1, 0.1, 0.1);
const RED = rgb(0.72, 0.07, 0.07);
const GOLD = rgb(0.72, 0.55, 0.16);
const NAVY = rgb(0.05, 0.15, 0.45);

/** Read once per process: the three TTFs are about 1.1 MB together. */
let fontBytes: Promise<Record<FontName, Uint8Array>> | undefined;
function loadFontBytes(): Promise<Record<FontName, Uint8Array>> {
  fontBytes ??= Promise.all(Object.values(FONT_FILES).map((file) => readFile(join(FONT_DIR, file)))).then(([regular, bold, italic]) => ({
    regular,
    bold,
    italic,
  }));
  return fontBytes;
}

type Fonts = Record<FontName, PDFFont>;

/**
 * The certificates of `doc`'s recipients, in their order; `only`: 0-based indexes into
 * `doc.recipients` to print just those (one nomination's certificate). An index that is not a
 * recipient's is a programming error (the route maps a nomination to its index), so it throws.
 */
export async function certificatesPdf(doc: RewardDocument, only?: number[]): Promise<Uint8Array> {
  const chosen = only ?? doc.recipients.map((_, i) => i);
  for (const i of chosen) {
    if (!Number.isInteger(i) || i < 0 || i >= doc.recipients.length) throw new RangeError(`no recipient at index ${i} (${doc.recipients.length} recipients)`);
  }
  if (chosen.length === 0) throw new RangeError('a certificate file needs at least one recipient');

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  const fonts: Fonts = {
    regular: await pdf.embedFont(bytes.regular, { subset: true }),
    bold: await pdf.embedFont(bytes.bold, { subset: true }),
    italic: await pdf.embedFont(bytes.italic, { subset: true }),
  };
  const issued = new Date(`${doc.date}T00:00:00+07:00`);
  pdf.setTitle(nfc(`${doc.documentName} — ${doc.number}`), { showInWindowTitleBar: true });
  pdf.setSubject(nfc(`${doc.formName} — ${doc.campaignName}`));
  pdf.setAuthor(nfc([doc.issuer.superior, doc.issuer.name].filter(Boolean).join(' ')));
  pdf.setLanguage('vi-VN');
  pdf.setCreator('Vùng Xanh');
  pdf.setProducer('Vùng Xanh (pdf-lib)');
  // Dated by the decision, so the same decision gives the same file.
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);

  for (const i of chosen) drawCertificate(pdf.addPage([PAGE.width, PAGE.height]), fonts, doc, doc.recipients[i]);
  return pdf.save();
}

interface Line {
  text: string;
  font: FontName;
  size: number;
  color?: ReturnType<typeof rgb>;
  /** Extra space above the line, in points. */
  before?: number;
}

function drawCertificate(page: PDFPage, fonts: Fonts, doc: RewardDocument, recipient: RewardRecipient): void {
  drawBorder(page);

  // The head, at fixed places: national title and motto, the motto underlined as on every state paper.
  let top = 58;
  top = drawLines(page, fonts, [{ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', font: 'bold', size: 15 }], top);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  top = drawLines(page, fonts, [{ text: motto, font: 'bold', size: 14, before: 3 }], top);
  const mottoWidth = textWidth(fonts.bold, motto, 14);
  page.drawLine({
    start: { x: (PAGE.width - mottoWidth) / 2, y: PAGE.height - top - 4 },
    end: { x: (PAGE.width + mottoWidth) / 2, y: PAGE.height - top - 4 },
    thickness: 0.8,
    color: INK,
  });

  const authority = fit(fonts.bold, nfc(authorityLine(doc)), { max: 18, min: 12, lines: 2 });
  top = drawLines(
    page,
    fonts,
    authority.lines.map((text, i) => ({ text, font: 'bold' as const, size: authority.size, before: i === 0 ? 22 : 2 })),
    top,
  );
  top = drawLines(page, fonts, [{ text: `TẶNG ${nfc(doc.documentName).toLocaleUpperCase('vi')}`, font: 'bold', size: 40, color: RED, before: 16 }], top);

  // The middle, centred in the room left above the signature. The name shrinks (then wraps) to
  // fit, so does the achievement; if all of it still overflows (a very long name and text), every
  // size in it is scaled down until it fits, so nothing runs into the signature block.
  const room = PAGE.height - 178 - top - 14;
  let middle = middleLines(fonts, recipient, 1);
  for (let scale = 0.95; linesHeight(middle) > room && scale >= 0.5; scale -= 0.05) middle = middleLines(fonts, recipient, scale);
  drawLines(page, fonts, middle, top + 14 + Math.max(0, (room - linesHeight(middle)) / 2));

  drawFoot(page, fonts, doc);
}

/** The recipient's name, position and unit, and achievement, at `scale` times their sizes. */
function middleLines(fonts: Fonts, recipient: RewardRecipient, scale: number): Line[] {
  const px = (size: number) => Math.round(size * scale * 10) / 10;
  const name = fit(fonts.bold, nfc(recipient.name), { max: px(30), min: px(16), lines: 2 });
  const middle: Line[] = name.lines.map((text, i) => ({ text, font: 'bold', size: name.size, color: NAVY, before: i === 0 ? 0 : 4 }));
  if (recipient.position) middle.push(...wrapped(fonts.regular, 'regular', `Chức vụ: ${nfc(recipient.position)}`, px(15), 8));
  if (recipient.unitName && nfc(recipient.unitName) !== nfc(recipient.name))
    middle.push(...wrapped(fonts.regular, 'regular', `Đơn vị: ${nfc(recipient.unitName)}`, px(15), recipient.position ? 3 : 8));
  // A narrower measure than the name's: a sentence reads better in shorter lines.
  const achievement = fit(fonts.italic, nfc(recipient.achievement), { max: px(16), min: px(11), lines: 3, width: TEXT_WIDTH * 0.85 });
  middle.push(...achievement.lines.map((text, i) => ({ text, font: 'italic' as const, size: achievement.size, before: i === 0 ? 12 : 2 })));
  return middle;
}

/** The foot: the decision's number and date at the left; place, date and signature block at the right. */
function drawFoot(page: PDFPage, fonts: Fonts, doc: RewardDocument): void {
  const footTop = PAGE.height - 168;
  const left = { centre: INSET + TEXT_WIDTH * 0.22, width: TEXT_WIDTH * 0.4 };
  const right = { centre: INSET + TEXT_WIDTH * 0.72, width: TEXT_WIDTH * 0.5 };
  const decisionLines: Line[] = [
    ...wrapped(fonts.regular, 'regular', `Quyết định số ${nfc(doc.number)}`, 12, 18, left.width),
    { text: `ngày ${displayDate(doc.date)}`, font: 'regular', size: 12, before: 2 },
  ];
  drawLines(page, fonts, decisionLines, footTop, left.centre);
  const titleLines = nfc(doc.signer.title)
    .split('\n')
    .map((line) => line.toLocaleUpperCase('vi'));
  const signature: Line[] = [
    ...wrapped(fonts.italic, 'italic', nfc(placeDateLine(doc.issuer.place, doc.date)), 13, 0, right.width),
    ...titleLines.map((text, i): Line => ({ text, font: 'bold', size: 14, before: i === 0 ? 6 : 1 })),
    // The room for the signature and the seal.
    { text: nfc(doc.signer.name), font: 'bold', size: 15, before: 62 },
  ];
  drawLines(page, fonts, signature, footTop, right.centre);
}

function drawBorder(page: PDFPage): void {
  const frame = (inset: number, thickness: number, color: ReturnType<typeof rgb>) =>
    page.drawRectangle({ x: inset, y: inset, width: PAGE.width - 2 * inset, height: PAGE.height - 2 * inset, borderWidth: thickness, borderColor: color });
  frame(18, 5, RED);
  frame(27, 1.5, GOLD);
  frame(31, 0.6, GOLD);
}

/**
 * Draws lines centred on `centre` starting `top` points below the page's top edge (each line's
 * `before` added above it) and gives back where the last line ends.
 */
function drawLines(page: PDFPage, fonts: Fonts, lines: readonly Line[], top: number, centre = PAGE.width / 2): number {
  let y = top;
  for (const line of lines) {
    y += (line.before ?? 0) + line.size;
    const width = textWidth(fonts[line.font], line.text, line.size);
    page.drawText(line.text, { x: centre - width / 2, y: PAGE.height - y, size: line.size, font: fonts[line.font], color: line.color ?? INK });
    // Room for the descenders and the marks under Vietnamese letters (ạ, ặ, ự).
    y += line.size * 0.25;
  }
  return y;
}

function linesHeight(lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + (line.before ?? 0) + line.size * 1.25, 0);
}

function wrapped(font: PDFFont, name: FontName, value: string, size: number, before: number, width = TEXT_WIDTH): Line[] {
  return wrap(font, value, size, width).lines.map((text, i) => ({ text, font: name, size, before: i === 0 ? before : 2 }));
}

/**
 * The largest size from `max` down to `min` at which `value` wraps into at most `lines` lines of
 * `width` without breaking a word; at `min` it takes as many lines as it needs, never cut: a
 * collective's full name is its legal name. The lines are then balanced.
 */
function fit(font: PDFFont, value: string, limits: { max: number; min: number; lines: number; width?: number }): { size: number; lines: string[] } {
  const width = limits.width ?? TEXT_WIDTH;
  for (let size = limits.max; size > limits.min; size -= 1) {
    const wrapped = wrap(font, value, size, width);
    if (wrapped.lines.length <= limits.lines && !wrapped.brokeAWord) return { size, lines: balanced(font, value, size, width, wrapped.lines) };
  }
  return { size: limits.min, lines: wrap(font, value, limits.min, width).lines };
}

/**
 * The same number of lines at the narrowest measure that still holds them, so a wrapped name or
 * sentence does not end on one lonely word ("… ít nhất 3 / ngày.").
 */
function balanced(font: PDFFont, value: string, size: number, width: number, lines: string[]): string[] {
  if (lines.length < 2) return lines;
  let best = lines;
  for (let narrower = width - 8; narrower > width / lines.length; narrower -= 8) {
    const wrapped = wrap(font, value, size, narrower);
    if (wrapped.lines.length !== lines.length || wrapped.brokeAWord) break;
    best = wrapped.lines;
  }
  return best;
}

/** Greedy word wrap; a word wider than the line (a long code, a URL) is broken between letters. */
function wrap(font: PDFFont, value: string, size: number, width: number): { lines: string[]; brokeAWord: boolean } {
  const fits = (s: string) => textWidth(font, s, size) <= width;
  const lines: string[] = [];
  let current = '';
  let brokeAWord = false;
  for (const word of value.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (!fits(current)) {
      brokeAWord = true;
      let cut = current.length - 1;
      while (cut > 1 && !fits(current.slice(0, cut))) cut -= 1;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) lines.push(current);
  return { lines: lines.length ? lines : [''], brokeAWord };
}

/**
 * A line's width as the sum of its words' and spaces' widths, each word measured once per font.
 * pdf-lib measures through fontkit's full OpenType layout, about a millisecond a call; wrapping and
 * balancing measure the same words hundreds of times a page, which made 80 certificates take
 * 2.4 s (0.7 s now). Kerning across a space, the only thing the sum leaves out, is too small to see.
 */
const wordWidths = new WeakMap<PDFFont, Map<string, number>>();
function textWidth(font: PDFFont, value: string, size: number): number {
  let cache = wordWidths.get(font);
  if (!cache) wordWidths.set(font, (cache = new Map()));
  const perThousand = (word: string) => {
    let w = cache.get(word);
    if (w === undefined) cache.set(word, (w = font.widthOfTextAtSize(word, 1000)));
    return w;
  };
  const words = value.split(' ');
  const total = words.reduce((sum, word) => sum + (word ? perThousand(word) : 0), 0) + (words.length - 1) * perThousand(' ');
  return (total * size) / 1000;
}

function nfc(value: string): string {
  return value.normalize('NFC');
}
