import type { Box, ImageLang } from './image-frame.ts';
import { levelFill } from './level-patterns.ts';
import { fitLine, r, textLines } from './svg-text.ts';

/** A rulebook state as the images draw it: its names and its colour. */
export interface StateStyle {
  vi: string;
  en: string;
  colour: string;
}

export const NO_DATA_COLOUR = '#d9dedb';

const COLOUR_WORDS = { vi: ['xanh', 'vàng', 'cam', 'đỏ'], en: ['green', 'yellow', 'orange', 'red'] };

/** "Bình thường mới (xanh)": a four-state rulebook names its colour too, as the bulletin does. */
export function stateLabel(states: readonly StateStyle[], level: number, lang: ImageLang): string {
  const state = states[level];
  if (!state) return String(level);
  return states.length === 4 ? `${state[lang]} (${COLOUR_WORDS[lang][level]})` : state[lang];
}

/** Units per state, and those without a level. */
export function countByState(levels: readonly (number | null)[], states: number): { byState: number[]; noData: number } {
  const byState = new Array<number>(states).fill(0);
  let noData = 0;
  for (const level of levels) {
    if (level === null || level < 0 || level >= states) noData++;
    else byState[level]++;
  }
  return { byState, noData };
}

/**
 * The legend: a swatch (colour and pattern) per state, its name and its count, then "no data"
 * when some unit has none. Rows fill `columns` columns of the box, top-down.
 */
export function legendSvg(
  box: Box,
  view: { states: readonly StateStyle[]; counts: { byState: number[]; noData: number }; lang: ImageLang; heading: string; scale: number; columns?: number },
): string {
  const { states, counts, lang, scale: s } = view;
  const columns = view.columns ?? 1;
  const rows: Array<{ label: string; count: number; level: number | null; colour: string }> = states.map((st, i) => ({
    label: stateLabel(states, i, lang),
    count: counts.byState[i] ?? 0,
    level: i,
    colour: st.colour,
  }));
  if (counts.noData > 0) rows.push({ label: lang === 'vi' ? 'Chưa có dữ liệu' : 'No data', count: counts.noData, level: null, colour: NO_DATA_COLOUR });
  const headSize = 20 * s;
  const perColumn = Math.ceil(rows.length / columns);
  const rowHeight = Math.min(44 * s, (box.height - headSize * 1.6) / perColumn);
  const size = Math.min(19 * s, rowHeight * 0.5);
  const swatch = rowHeight * 0.72;
  const columnWidth = box.width / columns;
  const parts = [textLines([view.heading], box.x, box.y + headSize, { size: headSize, bold: true })];
  rows.forEach((row, i) => {
    const x = box.x + Math.floor(i / perColumn) * columnWidth;
    const y = box.y + headSize * 1.6 + (i % perColumn) * rowHeight;
    const count = String(row.count);
    const countWidth = size * 0.7 * Math.max(3, count.length);
    parts.push(
      `<g data-legend="${row.level ?? 'none'}">`,
      levelFill(
        `rect x="${r(x)}" y="${r(y)}" width="${r(swatch)}" height="${r(swatch)}" rx="${r(3 * s)}" stroke="#455a64" stroke-width="${r(s)}"`,
        row.level,
        row.colour,
      ),
      textLines([fitLine(row.label, columnWidth - swatch - countWidth - 24 * s, size)], x + swatch + 10 * s, y + swatch / 2 + size * 0.36, { size }),
      textLines([count], x + columnWidth - 12 * s, y + swatch / 2 + size * 0.36, { size, bold: true, anchor: 'end' }),
      '</g>',
    );
  });
  return parts.join('');
}
