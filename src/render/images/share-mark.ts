import QRCode from 'qrcode';

import { textWidth } from './svg-text.ts';

/**
 * The QR code of a published state's short URL (issue #20 item 3, docs/verify.md), drawn as one
 * SVG path of whole-pixel squares: no anti-aliased edges, so a reader still finds the modules
 * after a social network re-encodes the image as JPEG. Error correction M (15 %): a 140-character
 * URL is a version 8 code, 49 modules a side.
 */

/** Pixels per module on the 1200×630 card; scaled with the canvas and rounded to a whole pixel. */
export const MODULE_PX = 3;

export interface QrMatrix {
  /** Modules a side. */
  size: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (x, y) => modules.get(y, x) === 1 };
}

/** The code as a path at (x, y), `px` pixels a module (x, y rounded to whole pixels). */
export function qrPathSvg(matrix: QrMatrix, x: number, y: number, px: number): string {
  let d = '';
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (!matrix.dark(col, row)) continue;
      // Runs of dark modules on a row are one rectangle: a shorter path.
      let run = 1;
      while (col + run < matrix.size && matrix.dark(col + run, row)) run++;
      d += `M${col * px} ${row * px}h${run * px}v${px}h${-run * px}z`;
      col += run - 1;
    }
  }
  return `<path data-part="qr" transform="translate(${Math.round(x)} ${Math.round(y)})" d="${d}" fill="#000000" shape-rendering="crispEdges"/>`;
}

/** The URL cut into lines of at most `width` pixels (a URL has no spaces to wrap at). */
export function urlLines(url: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of url) {
    if (line && textWidth(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** A QR code alone as an SVG document, `px` pixels a module, with the quiet zone of four modules a reader needs. */
export function qrSvg(text: string, px = 4): string {
  const matrix = qrMatrix(text);
  const side = (matrix.size + 8) * px;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}"><rect width="${side}" height="${side}" fill="#ffffff"/>${qrPathSvg(matrix, 4 * px, 4 * px, px)}</svg>`;
}
