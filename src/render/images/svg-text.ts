/**
 * Text for server-rendered SVG: escaping, and width estimates so lines wrap or shrink before they
 * overflow. resvg lays out text itself and an SVG string has no measuring API, so widths are
 * estimated from DejaVu Sans's advance widths per character class (generous, so an estimate errs
 * towards a shorter line, never a clipped one).
 */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Advance width of one character, in ems of DejaVu Sans (a diacritic's base letter decides). */
function advance(ch: string): number {
  const base = ch.normalize('NFD')[0] ?? ch;
  if (base === ' ') return 0.32;
  if ("iljIít.,:;|!'’()[]".includes(base)) return 0.34;
  if ('fr'.includes(base)) return 0.42;
  if ('mwMW'.includes(base)) return 0.92;
  if (/[A-Z]/.test(base) || base === 'Đ') return 0.72;
  if (/[0-9]/.test(base)) return 0.64;
  if (/[—–]/.test(base)) return base === '—' ? 1 : 0.5;
  return 0.62;
}

/** Estimated width of a line at a font size; bold glyphs are wider. */
export function textWidth(text: string, size: number, bold = false): number {
  let ems = 0;
  for (const ch of text) ems += advance(ch);
  return ems * size * (bold ? 1.1 : 1);
}

/** Greedy word wrap to a width; a word wider than the line is cut with an ellipsis. At most `maxLines`, the last ending in "…" if text remains. */
export function wrapText(text: string, width: number, size: number, bold = false, maxLines = Infinity): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= width || !line) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  const fitted = lines.map((l) => fitLine(l, width, size, bold));
  if (fitted.length <= maxLines) return fitted;
  const kept = fitted.slice(0, maxLines);
  kept[maxLines - 1] = fitLine(`${kept[maxLines - 1]} …`, width, size, bold);
  return kept;
}

/** The line, cut with an ellipsis where it would overflow the width. */
export function fitLine(line: string, width: number, size: number, bold = false): string {
  if (textWidth(line, size, bold) <= width) return line;
  const chars = [...line];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size, bold) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** The largest font size, at most `size`, at which the line fits the width (never below `min`). */
export function fittingSize(line: string, width: number, size: number, bold = false, min = size / 2): number {
  const w = textWidth(line, size, bold);
  return w <= width ? size : Math.max(min, Math.floor((size * width) / w));
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

/** One `<text>` per line, the first baseline at y. */
export function textLines(lines: readonly string[], x: number, y: number, style: TextStyle, lineHeight = style.size * 1.25): string {
  const attrs = `font-size="${r(style.size)}"${style.bold ? ' font-weight="bold"' : ''} fill="${style.fill ?? '#1a1a1a'}"${
    style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : ''
  }`;
  return lines.map((line, i) => `<text x="${r(x)}" y="${r(y + i * lineHeight)}" ${attrs}>${escapeXml(line)}</text>`).join('');
}

/** A number as SVG writes it: two decimals at most. */
export function r(n: number): string {
  return String(Math.round(n * 100) / 100);
}
