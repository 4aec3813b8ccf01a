import { displayDate } from '../../core/time/local-date.ts';
import { frameSvg, type ImageFacts, isWide, scaleOf } from './image-frame.ts';
import { NO_DATA_COLOUR, stateLabel, type StateStyle } from './level-legend.ts';
import { levelFill } from './level-patterns.ts';
import { fitLine, r, textLines, textWidth } from './svg-text.ts';

export interface StandingsImageRow {
  rank: number | null;
  name: string;
  parentName: string | null;
  /** Level on the standings date, null without data. */
  current: number | null;
  daysGreen: number;
}

export interface StandingsImageInput {
  facts: ImageFacts;
  states: readonly StateStyle[];
  campaign: { vi: string; en: string };
  /** The group, as a heading: "Phường, xã, thị trấn" / "Wards, communes, towns". */
  group: { vi: string; en: string };
  /** Official (the day's cut) or provisional (live) standings. */
  official: boolean;
  /** The top rows, in rank order (at most ten are drawn). */
  rows: readonly StandingsImageRow[];
}

export const STANDINGS_ROWS = 10;

/** The top ten of a group in the campaign's standings: rank, unit, level (colour and pattern), days green. */
export function standingsSvg(input: StandingsImageInput): string {
  const { facts, states } = input;
  const lang = facts.lang;
  const s = scaleOf(facts.size);
  const title = lang === 'vi' ? `Bảng xếp hạng thi đua — ${input.group.vi}` : `Campaign standings — ${input.group.en}`;
  const status = input.official ? (lang === 'vi' ? 'chính thức' : 'official') : lang === 'vi' ? 'tạm tính' : 'provisional';
  const subtitle = `${input.campaign[lang]} · ${displayDate(facts.date)} · ${status}`;
  return frameSvg(
    facts,
    { title, subtitle },
    (box) => {
      const rows = input.rows.slice(0, STANDINGS_ROWS);
      const headSize = 15 * s;
      // On tall canvases a row has room for two lines: the unit, then its parent beneath it.
      const twoLines = !isWide(facts.size);
      const rowHeight = Math.min((twoLines ? 92 : 56) * s, (box.height - headSize * 1.8) / STANDINGS_ROWS);
      const size = Math.min(19 * s, rowHeight * (twoLines ? 0.3 : 0.46));
      const rankWidth = 52 * s;
      const daysWidth = textWidth(lang === 'vi' ? '15 ngày xanh' : '15 days green', size) + 8 * s;
      const levelWidth = Math.min(box.width * 0.34, 300 * s);
      const nameWidth = box.width - rankWidth - levelWidth - daysWidth - 24 * s;
      const levelX = box.x + rankWidth + nameWidth + 12 * s;
      const parts = [
        textLines([lang === 'vi' ? 'Hạng' : 'Rank'], box.x, box.y + headSize, { size: headSize, fill: '#546e7a' }),
        textLines([lang === 'vi' ? 'Đơn vị' : 'Unit'], box.x + rankWidth, box.y + headSize, { size: headSize, fill: '#546e7a' }),
        textLines([lang === 'vi' ? 'Mức hiện tại' : 'Current level'], levelX, box.y + headSize, { size: headSize, fill: '#546e7a' }),
        textLines([lang === 'vi' ? 'Số ngày xanh' : 'Days green'], box.x + box.width, box.y + headSize, { size: headSize, fill: '#546e7a', anchor: 'end' }),
      ];
      rows.forEach((row, i) => {
        const y = box.y + headSize * 1.8 + i * rowHeight;
        const mid = y + rowHeight / 2 + size * 0.36;
        const colour = row.current === null ? NO_DATA_COLOUR : (states[row.current]?.colour ?? NO_DATA_COLOUR);
        const label = row.current === null ? (lang === 'vi' ? 'Chưa có dữ liệu' : 'No data') : stateLabel(states, row.current, lang);
        const swatch = Math.min(rowHeight * 0.6, size * 1.6);
        const name = row.parentName && !twoLines ? `${row.name} · ${row.parentName}` : row.name;
        const parent = twoLines && row.parentName ? fitLine(row.parentName, nameWidth, size * 0.85) : null;
        const days = lang === 'vi' ? `${row.daysGreen} ngày` : `${row.daysGreen} ${row.daysGreen === 1 ? 'day' : 'days'}`;
        parts.push(
          `<g data-row="${i + 1}">`,
          i % 2 === 0 ? `<rect x="${r(box.x - 8 * s)}" y="${r(y)}" width="${r(box.width + 16 * s)}" height="${r(rowHeight)}" fill="#f1f8e9"/>` : '',
          textLines([row.rank === null ? '—' : String(row.rank)], box.x + 8 * s, mid, { size, bold: true }),
          textLines([fitLine(name, nameWidth, size, true)], box.x + rankWidth, parent ? mid - size * 0.6 : mid, { size, bold: true }),
          parent ? textLines([parent], box.x + rankWidth, mid + size * 0.75, { size: size * 0.85, fill: '#546e7a' }) : '',
          levelFill(
            `rect x="${r(levelX)}" y="${r(y + (rowHeight - swatch) / 2)}" width="${r(swatch)}" height="${r(swatch)}" rx="${r(3 * s)}" stroke="#455a64" stroke-width="${r(s)}"`,
            row.current,
            colour,
          ),
          textLines([fitLine(label, levelWidth - swatch - 10 * s, size * 0.9)], levelX + swatch + 8 * s, mid, { size: size * 0.9 }),
          textLines([days], box.x + box.width, mid, { size, anchor: 'end' }),
          '</g>',
        );
      });
      if (rows.length === 0)
        parts.push(textLines([lang === 'vi' ? 'Chưa có đơn vị nào được xếp hạng.' : 'No unit ranked yet.'], box.x, box.y + headSize * 4, { size }));
      return parts.join('');
    },
    input.states.map((st) => st.colour),
  );
}
