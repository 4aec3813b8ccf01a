import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { renderAsync } from '@resvg/resvg-js';
import { PDFDocument } from 'pdf-lib';

/**
 * SVG to PNG with resvg (a real renderer, no browser) and the A3 poster as a PDF around a
 * high-resolution PNG. The fonts are DejaVu Sans TTFs (full Vietnamese coverage): resvg draws no
 * text from WOFF fonts, and system fonts differ between machines, so none are loaded.
 */

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')];

/** A3 in PostScript points (297 × 420 mm). */
export const A3_POINTS = { width: 841.89, height: 1190.55 } as const;
/** The poster's PNG width in pixels: about 200 dpi across A3's 297 mm, sharp in print, light to render. */
const POSTER_WIDTH_PX = 2339;

/**
 * The PNG of an SVG, `width` pixels wide (default: the SVG's own width). resvg renders on libuv's
 * thread pool (renderAsync), so a render does not hold the event loop.
 */
export async function svgToPng(svg: string, width?: number): Promise<Buffer> {
  const rendered = await renderAsync(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    background: '#ffffff',
  });
  return rendered.asPng();
}

/** The A3 poster: one page, the image filling it. */
export async function posterPdf(svg: string, title: string): Promise<Buffer> {
  const png = await svgToPng(svg, POSTER_WIDTH_PX);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('Vùng Xanh');
  pdf.setCreator('Vùng Xanh');
  // A fixed date keeps the bytes (and so the ETag) the same for the same image.
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([A3_POINTS.width, A3_POINTS.height]);
  page.drawImage(image, { x: 0, y: 0, width: A3_POINTS.width, height: A3_POINTS.height });
  return Buffer.from(await pdf.save());
}
