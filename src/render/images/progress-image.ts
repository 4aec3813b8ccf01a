import { displayDate } from '../../core/time/local-date.ts';
import { frameSvg, type ImageFacts, isWide, scaleOf } from './image-frame.ts';
import { stateLabel, type StateStyle } from './level-legend.ts';
import { levelFill } from './level-patterns.ts';
import { r, textLines } from './svg-text.ts';

export interface ProgressImageDay {
  date: string;
  /** Units per state, and those without a level. */
  byState: readonly number[];
  noData: number;
  total: number;
}

export interface ProgressImageInput {
  facts: ImageFacts;
  states: readonly StateStyle[];
  campaign: { vi: string; en: string };
  /** What is counted, e.g. "phường, xã, thị trấn" / "wards, communes, towns". */
  unitsWord: { vi: string; en: string };
  /** Every campaign date, first to last: the days not reached yet stay empty. */
  dates: readonly string[];
  /** The days with levels, up to the image's date (src/core/campaign/progress.ts). */
  days: readonly ProgressImageDay[];
  /** The goal's share (0..1) of units green. */
  goalShare: number;
}

/** The share of units at each level over the campaign's days: one stacked column per day, green at the bottom, the goal as a line. */
export function progressSvg(input: ProgressImageInput): string {
  const { facts, states } = input;
  const lang = facts.lang;
  const s = scaleOf(facts.size);
  const title = lang === 'vi' ? `Tiến độ: ${input.campaign.vi}` : `Progress: ${input.campaign.en}`;
  const last = input.days.at(-1);
  const share = last && last.total > 0 ? Math.round(((last.byState[0] ?? 0) / last.total) * 100) : null;
  const subtitle =
    lang === 'vi'
      ? `Đến ngày ${displayDate(facts.date)}: ${share ?? '—'}% ${input.unitsWord.vi} ở mức xanh`
      : `To ${displayDate(facts.date)}: ${share ?? '—'}% of ${input.unitsWord.en} green`;
  return frameSvg(
    facts,
    { title, subtitle },
    (box) => {
      const size = 15 * s;
      const legendHeight = (isWide(facts.size) ? 1 : Math.ceil(states.length / 2)) * 30 * s;
      const axis = 44 * s;
      const chart = { x: box.x + axis, y: box.y + size, width: box.width - axis, height: box.height - legendHeight - size * 3.2 - 8 * s };
      const slot = chart.width / Math.max(1, input.dates.length);
      const bar = slot * 0.72;
      const byDate = new Map(input.days.map((d) => [d.date, d]));
      const parts: string[] = [];
      for (const pct of [0, 25, 50, 75, 100]) {
        const y = chart.y + chart.height * (1 - pct / 100);
        parts.push(
          `<line x1="${r(chart.x)}" y1="${r(y)}" x2="${r(chart.x + chart.width)}" y2="${r(y)}" stroke="#cfd8dc" stroke-width="${r(s)}"/>`,
          textLines([`${pct}%`], chart.x - 6 * s, y + size * 0.36, { size, fill: '#546e7a', anchor: 'end' }),
        );
      }
      input.dates.forEach((date, i) => {
        const x = chart.x + i * slot + (slot - bar) / 2;
        const day = byDate.get(date);
        if (day && day.total > 0) {
          let y = chart.y + chart.height;
          day.byState.forEach((n, level) => {
            const h = (n / day.total) * chart.height;
            if (h <= 0) return;
            y -= h;
            parts.push(
              levelFill(
                `rect data-date="${date}" data-level="${level}" x="${r(x)}" y="${r(y)}" width="${r(bar)}" height="${r(h)}"`,
                level,
                states[level]?.colour ?? '#999',
              ),
            );
          });
        }
        // Every other label on narrow slots, so dates do not run into one another.
        if (slot >= 48 * s || i % 2 === 0) {
          const [, m, d] = date.split('-');
          parts.push(textLines([`${d}/${m}`], x + bar / 2, chart.y + chart.height + size * 1.4, { size: size * 0.9, fill: '#37474f', anchor: 'middle' }));
        }
      });
      const goalY = chart.y + chart.height * (1 - input.goalShare);
      parts.push(
        `<line data-part="goal" x1="${r(chart.x)}" y1="${r(goalY)}" x2="${r(chart.x + chart.width)}" y2="${r(goalY)}" stroke="#1b5e20" stroke-width="${r(2.5 * s)}" stroke-dasharray="${r(8 * s)} ${r(5 * s)}"/>`,
        textLines(
          [lang === 'vi' ? `Mục tiêu: ${Math.round(input.goalShare * 100)}% xanh` : `Goal: ${Math.round(input.goalShare * 100)}% green`],
          chart.x + chart.width,
          goalY - 6 * s,
          { size, bold: true, fill: '#1b5e20', anchor: 'end' },
        ),
      );
      const columns = isWide(facts.size) ? states.length : 2;
      const legendTop = box.y + box.height - legendHeight;
      const columnWidth = box.width / columns;
      states.forEach((state, level) => {
        const x = box.x + (level % columns) * columnWidth;
        const y = legendTop + Math.floor(level / columns) * 30 * s;
        parts.push(
          levelFill(`rect x="${r(x)}" y="${r(y)}" width="${r(20 * s)}" height="${r(20 * s)}" stroke="#455a64" stroke-width="${r(s)}"`, level, state.colour),
          textLines([stateLabel(states, level, lang)], x + 26 * s, y + 10 * s + size * 0.36, { size }),
        );
      });
      return parts.join('');
    },
    input.states.map((st) => st.colour),
  );
}
