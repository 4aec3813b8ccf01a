/**
 * A small bar chart of one daily series as inline SVG (cases, tests), for the dashboard. Pure:
 * numbers and markup only. The chart is an image with a text alternative; the page keeps a
 * table of the same figures beside it, so no one needs the picture to read them.
 */
export interface DailyBar {
  date: string;
  /** Stacked parts, bottom first; null when nothing was reported that day. */
  parts: Array<{ value: number; fill: string }> | null;
}

const WIDTH = 640;
const HEIGHT = 160;
const LEFT = 36;
const BOTTOM = 22;
const TOP = 8;

/** A "nice" top for the axis: 1, 2 or 5 times a power of ten, at least the largest total. */
export function axisTop(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((top) => top >= max)!;
}

export function dailyChartSvg(bars: readonly DailyBar[], label: string, dateLabel: (date: string) => string): string {
  const totals = bars.map((b) => (b.parts ?? []).reduce((sum, p) => sum + p.value, 0));
  const top = axisTop(Math.max(0, ...totals));
  const plotW = WIDTH - LEFT - 4;
  const plotH = HEIGHT - TOP - BOTTOM;
  const step = bars.length > 0 ? plotW / bars.length : plotW;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const rects: string[] = [];
  bars.forEach((bar, i) => {
    let base = 0;
    for (const part of bar.parts ?? []) {
      if (part.value <= 0) continue;
      const x = LEFT + i * step + step * 0.1;
      rects.push(
        `<rect x="${x.toFixed(1)}" y="${y(base + part.value).toFixed(1)}" width="${(step * 0.8).toFixed(1)}" height="${(y(base) - y(base + part.value)).toFixed(1)}" fill="${part.fill}"/>`,
      );
      base += part.value;
    }
  });
  const first = bars[0]?.date;
  const last = bars[bars.length - 1]?.date;
  const ticks = [
    `<text x="${LEFT - 4}" y="${y(top) + 4}" text-anchor="end" font-size="11">${top}</text>`,
    `<text x="${LEFT - 4}" y="${y(0)}" text-anchor="end" font-size="11">0</text>`,
    first ? `<text x="${LEFT}" y="${HEIGHT - 6}" font-size="11">${dateLabel(first)}</text>` : '',
    last ? `<text x="${WIDTH - 4}" y="${HEIGHT - 6}" text-anchor="end" font-size="11">${dateLabel(last)}</text>` : '',
  ];
  return `<svg class="daily-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeAttr(label)}" focusable="false">
    <line x1="${LEFT}" y1="${y(0)}" x2="${WIDTH - 4}" y2="${y(0)}" stroke="#5b6b62"/>
    <line x1="${LEFT}" y1="${y(top)}" x2="${WIDTH - 4}" y2="${y(top)}" stroke="#d9dedb" stroke-dasharray="3 3"/>
    ${rects.join('')}${ticks.join('')}</svg>`;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
