import type { Box } from '../../core/geo/flat-projection.ts';
import { displayDateTime } from '../../core/time/local-date.ts';
import { levelPatternDefs } from './level-patterns.ts';
import { escapeXml, r, textLines, wrapText } from './svg-text.ts';

/**
 * The frame every server-rendered image shares (issue #20 item 2, docs/images.md): a title band,
 * the body, and a footer that always carries the data time, the source line and, on simulated
 * data, the notice that says so. Vietnamese first; `en` renders the English version.
 */

export type ImageLang = 'vi' | 'en';

/** Social sizes (Open Graph 1200×630, square post, story) and the A3 print poster (portrait, laid out at 1190×1684, A3's proportions). */
export const IMAGE_SIZES = {
  og: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
  story: { width: 1080, height: 1920 },
  a3: { width: 1190, height: 1684 },
} as const;
export type ImageSize = keyof typeof IMAGE_SIZES;

/** A rectangle of the picture, in its pixels (the projection fits boundaries into one). */
export type { Box } from '../../core/geo/flat-projection.ts';

/** What every image says about its data, whatever it draws. */
export interface ImageFacts {
  lang: ImageLang;
  size: ImageSize;
  /** The local date the image describes (YYYY-MM-DD). */
  date: string;
  /** The instant the figures were taken at (ISO): the levels' computation, or the standings' official cut. */
  dataTime: string;
  /** The rulebook the levels follow, e.g. vn-2686. */
  rulebook: string;
  /** The demo's data is simulated: the image says so in its footer. */
  simulated: boolean;
}

export const SIMULATED_IMAGE_NOTICE = {
  vi: 'DỮ LIỆU MÔ PHỎNG — không phải số liệu thật',
  en: 'SIMULATED DATA — not real figures',
} as const;

/** "Số liệu đến 18:00 14/07/2021": the instant the figures were taken, on the city's clock. */
export function dataTimeLine(iso: string, lang: ImageLang): string {
  const [date, time] = displayDateTime(new Date(iso)).split(' ');
  return lang === 'vi' ? `Số liệu đến ${time} ${date}` : `Data as of ${time} ${date}`;
}

export function sourceLine(rulebook: string, lang: ImageLang): string {
  return lang === 'vi'
    ? `Nguồn: Vùng Xanh — số liệu HCDC, tiêu chí ${rulebook} (QĐ 2686/QĐ-BCĐQG)`
    : `Source: Vùng Xanh — HCDC data, rulebook ${rulebook} (Decision 2686/QĐ-BCĐQG)`;
}

/** The unit of every measure: 1 on the 1200×630 card, larger on the bigger canvases. */
export function scaleOf(size: ImageSize): number {
  return SCALES[size];
}
/** Chosen by eye: text readable on a phone, leaving the map most of the canvas. */
const SCALES: Record<ImageSize, number> = { og: 1, square: 1.3, story: 1.45, a3: 1.5 };

/** Whether the canvas is wide (side-by-side body) rather than tall or square (stacked body). */
export function isWide(size: ImageSize): boolean {
  const { width, height } = IMAGE_SIZES[size];
  return width > height * 1.3;
}

const BRAND = '#1b5e20';

/**
 * The whole SVG: title band, body (drawn by `body` in the box left between the bands), footer.
 * `lines` of the title wrap to the width; the subtitle (the date, the group…) sits beneath it.
 */
export function frameSvg(
  facts: ImageFacts,
  heading: { title: string; subtitle: string },
  body: (box: Box) => string,
  /** The rulebook states' colours, beneath their patterns. */
  colours: readonly string[],
): string {
  const { width, height } = IMAGE_SIZES[facts.size];
  const s = scaleOf(facts.size);
  const pad = 28 * s;
  const titleSize = 32 * s;
  const subSize = 20 * s;
  const titleLines = wrapText(heading.title, width - 2 * pad, titleSize, true, 2);
  const headHeight = pad * 0.8 + titleLines.length * titleSize * 1.2 + subSize * 1.4 + pad * 0.5;
  const footSize = 15 * s;
  const footLines = [dataTimeLine(facts.dataTime, facts.lang), ...wrapText(sourceLine(facts.rulebook, facts.lang), width - 2 * pad, footSize, false, 2)];
  const noticeSize = 17 * s;
  const noticeHeight = facts.simulated ? noticeSize * 1.9 : 0;
  const footHeight = pad * 0.5 + footLines.length * footSize * 1.35 + pad * 0.4 + noticeHeight;
  const bodyBox = { x: pad, y: headHeight + pad * 0.6, width: width - 2 * pad, height: height - headHeight - footHeight - pad * 1.2 };
  const footTop = height - footHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans" lang="${facts.lang}">`,
    `<title>${escapeXml(`${heading.title} — ${heading.subtitle}`)}</title>`,
    `<defs>${levelPatternDefs(s, colours)}</defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<rect width="${width}" height="${r(headHeight)}" fill="${BRAND}"/>`,
    textLines(titleLines, pad, pad * 0.8 + titleSize, { size: titleSize, bold: true, fill: '#ffffff' }, titleSize * 1.2),
    textLines([heading.subtitle], pad, pad * 0.8 + titleLines.length * titleSize * 1.2 + subSize * 1.15, { size: subSize, fill: '#e8f5e9' }),
    `<g data-part="body">${body(bodyBox)}</g>`,
    `<line x1="${r(pad)}" y1="${r(footTop)}" x2="${r(width - pad)}" y2="${r(footTop)}" stroke="#b0bec5" stroke-width="${r(s)}"/>`,
    textLines(footLines, pad, footTop + pad * 0.5 + footSize, { size: footSize, fill: '#37474f' }, footSize * 1.35),
  ];
  if (facts.simulated) {
    parts.push(
      `<rect data-part="simulated" x="0" y="${r(height - noticeHeight)}" width="${width}" height="${r(noticeHeight)}" fill="#b71c1c"/>`,
      textLines([SIMULATED_IMAGE_NOTICE[facts.lang]], width / 2, height - noticeHeight / 2 + noticeSize * 0.36, {
        size: noticeSize,
        bold: true,
        fill: '#ffffff',
        anchor: 'middle',
      }),
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
