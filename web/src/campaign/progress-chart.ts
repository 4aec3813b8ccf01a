import type { ProgressSeries } from './types.ts';

/**
 * The progress chart of the map as inline SVG: for each campaign day a bar of stacked shares
 * of units (or population) in each state — green at the bottom, so the goal is met when the
 * green stack reaches the goal line — and no-data on top. Pure: builds numbers and markup only.
 */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The drawing box; a phone gets a narrower one so the labels stay readable when scaled down. */
export function chartBox(width = 640): ChartBox {
  return { width, height: width < 480 ? 260 : 240, left: 40, right: 16, top: 16, bottom: 34 };
}
const NO_DATA_FILL = '#d9dedb';

export interface Segment {
  /** State index, or null for units without data. */
  state: number | null;
  share: number;
  y: number;
  height: number;
}

export interface Bar {
  date: string;
  x: number;
  width: number;
  segments: Segment[];
}

/** Every local date from first to last inclusive (YYYY-MM-DD). */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const plotHeight = (box: ChartBox) => box.height - box.top - box.bottom;
const plotWidth = (box: ChartBox) => box.width - box.left - box.right;

/** y of a share (0 at the bottom of the plot, 1 at its top). */
export const yOf = (share: number, box: ChartBox = chartBox()) => box.top + (1 - share) * plotHeight(box);

export function progressBars(series: ProgressSeries, dates: readonly string[], measure: 'units' | 'population', box: ChartBox = chartBox()): Bar[] {
  const slot = plotWidth(box) / Math.max(1, dates.length);
  const byDate = new Map(series.days.map((d) => [d.date, d]));
  const bars: Bar[] = [];
  dates.forEach((date, i) => {
    const day = byDate.get(date);
    if (!day) return;
    const count = day[measure];
    if (count.total <= 0) return;
    const parts: Array<[number | null, number]> = [...count.byState.map((n, s) => [s, n] as [number, number]), [null, count.noData]];
    let cumulative = 0;
    const segments: Segment[] = [];
    for (const [state, n] of parts) {
      if (n <= 0) continue;
      const share = n / count.total;
      const bottom = yOf(cumulative, box);
      cumulative += share;
      const top = yOf(cumulative, box);
      segments.push({ state, share, y: top, height: bottom - top });
    }
    bars.push({ date, x: box.left + i * slot + slot * 0.15, width: slot * 0.7, segments });
  });
  return bars;
}

export interface ChartLabels {
  title: string;
  description: string;
  goal: string;
  stateNames: string[];
  noData: string;
  /** dd/mm for the axis. */
  shortDate: (date: string) => string;
  percent: (share: number) => string;
}

/** SVG hatch patterns matching the map's (patterns.ts): 1 diagonal lines, 2 dots, 3 cross-hatch. */
function patternDefs(colours: readonly string[]): string {
  const ink = 'rgba(20,20,20,0.55)';
  const defs = colours.map((colour, s) => {
    if (s === 0) return '';
    const marks =
      s === 2
        ? `<circle cx="2" cy="2" r="0.9" fill="${ink}"/><circle cx="6" cy="6" r="0.9" fill="${ink}"/>`
        : `<path d="M0 8L8 0M-4 4L4 -4M4 12L12 4" stroke="${ink}" stroke-width="0.8"/>${s === 3 ? `<path d="M0 0L8 8" stroke="${ink}" stroke-width="0.8"/>` : ''}`;
    return `<pattern id="vx-chart-p${s}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour}"/>${marks}</pattern>`;
  });
  return `<defs>${defs.join('')}</defs>`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function progressSvg(
  bars: readonly Bar[],
  dates: readonly string[],
  goalShare: number,
  colours: readonly string[],
  labels: ChartLabels,
  box: ChartBox = chartBox(),
): string {
  const fill = (state: number | null) => (state === null ? NO_DATA_FILL : state === 0 ? colours[0] : `url(#vx-chart-p${state})`);
  const slot = plotWidth(box) / Math.max(1, dates.length);
  const y = (share: number) => yOf(share, box);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (s) =>
        `<line x1="${box.left}" x2="${box.width - box.right}" y1="${y(s)}" y2="${y(s)}" stroke="#d3ddd6"/><text x="${box.left - 5}" y="${y(s) + 4}" text-anchor="end">${esc(labels.percent(s))}</text>`,
    )
    .join('');
  // Every day labelled when there is room (a dd/mm label needs about 32 units); fewer otherwise.
  const step = Math.max(1, Math.ceil(32 / slot));
  const axis = dates
    .map((d, i) =>
      i % step === 0
        ? `<text x="${box.left + i * slot + slot / 2}" y="${box.height - box.bottom + 16}" text-anchor="middle">${esc(labels.shortDate(d))}</text>`
        : '',
    )
    .join('');
  const rects = bars
    .map(
      (b) =>
        `<g data-date="${b.date}">${b.segments
          .map(
            (s) =>
              `<rect x="${b.x.toFixed(2)}" y="${s.y.toFixed(2)}" width="${b.width.toFixed(2)}" height="${s.height.toFixed(2)}" fill="${fill(s.state)}" stroke="#fff" stroke-width="0.5"><title>${esc(`${labels.shortDate(b.date)}: ${s.state === null ? labels.noData : labels.stateNames[s.state]} ${labels.percent(s.share)}`)}</title></rect>`,
          )
          .join('')}</g>`,
    )
    .join('');
  const gy = y(goalShare);
  const goal = `<line class="goal" x1="${box.left}" x2="${box.width - box.right}" y1="${gy}" y2="${gy}" stroke="#0b3d91" stroke-width="2" stroke-dasharray="6 4"/><text x="${box.width - box.right}" y="${Math.max(11, gy - 5)}" text-anchor="end" fill="#0b3d91" font-weight="700">${esc(labels.goal)}</text>`;
  return `<svg class="progress-chart" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-labelledby="chart-title chart-desc" font-size="11" font-family="inherit"><title id="chart-title">${esc(labels.title)}</title><desc id="chart-desc">${esc(labels.description)}</desc>${patternDefs(colours)}${grid}${rects}${goal}${axis}</svg>`;
}
