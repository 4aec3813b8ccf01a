import { describe, expect, it } from 'vitest';

import { chartBox, datesBetween, progressBars, progressSvg, yOf } from './progress-chart.ts';
import type { ProgressSeries } from './types.ts';

const day = (date: string, byState: number[], noData: number) => {
  const total = byState.reduce((a, b) => a + b, 0) + noData;
  return {
    date,
    units: { byState, noData, total },
    population: { byState: byState.map((n) => n * 100), noData: noData * 100, total: total * 100 },
    goalShare: { units: byState[0] / total, population: null },
    goalMet: false,
  };
};
const series: ProgressSeries = { days: [day('2021-07-09', [1, 1, 1, 0], 1), day('2021-07-10', [4, 0, 0, 0], 0)], goalMetOn: null };
const dates = datesBetween('2021-07-09', '2021-07-23');
const CHART = chartBox();

describe('progress chart', () => {
  it('lists the campaign days, across a month end', () => {
    expect(dates).toHaveLength(15);
    expect(datesBetween('2021-07-30', '2021-08-02')).toEqual(['2021-07-30', '2021-07-31', '2021-08-01', '2021-08-02']);
  });

  it('stacks each day from green at the bottom to no-data on top, filling the plot height', () => {
    const bars = progressBars(series, dates, 'units');
    expect(bars.map((b) => b.date)).toEqual(['2021-07-09', '2021-07-10']);
    const first = bars[0].segments;
    expect(first.map((s) => s.state)).toEqual([0, 1, 2, null]);
    expect(first.map((s) => s.share)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(first[0].y + first[0].height).toBeCloseTo(yOf(0));
    expect(first[3].y).toBeCloseTo(yOf(1));
    expect(first.reduce((a, s) => a + s.height, 0)).toBeCloseTo(CHART.height - CHART.top - CHART.bottom);
    expect(bars[1].segments).toEqual([{ state: 0, share: 1, y: yOf(1), height: yOf(0) - yOf(1) }]);
    // A later day sits further right.
    expect(bars[1].x).toBeGreaterThan(bars[0].x);
  });

  it('draws the goal line at the goal share, with a title and description for screen readers', () => {
    const bars = progressBars(series, dates, 'units');
    const svg = progressSvg(bars, dates, 1, ['#1f7a3a', '#f5d000', '#f08c00', '#d0021b'], {
      title: 'Tiến độ',
      description: 'Tỷ lệ <xanh>',
      goal: 'Mục tiêu 100%',
      stateNames: ['Xanh', 'Vàng', 'Cam', 'Đỏ'],
      noData: 'Chưa có dữ liệu',
      shortDate: (d) => d.slice(8, 10) + '/' + d.slice(5, 7),
      percent: (s) => `${Math.round(s * 100)}%`,
    });
    expect(svg).toContain(`class="goal" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${yOf(1)}"`);
    expect(svg).toContain('<desc id="chart-desc">Tỷ lệ &lt;xanh&gt;</desc>');
    expect(svg).toContain('url(#vx-chart-p2)');
    expect(svg).toContain('<title>09/07: Chưa có dữ liệu 25%</title>');
    expect((svg.match(/<rect x=/g) ?? []).length).toBe(5);
    // 15 days: every day labelled on a wide box, every other day on a phone-sized one.
    expect((svg.match(/text-anchor="middle"/g) ?? []).length).toBe(15);
    const narrow = chartBox(360);
    const phone = progressSvg(
      progressBars(series, dates, 'units', narrow),
      dates,
      1,
      ['#1f7a3a', '#f5d000', '#f08c00', '#d0021b'],
      { title: '', description: '', goal: '', stateNames: ['', '', '', ''], noData: '', shortDate: (d) => d, percent: String },
      narrow,
    );
    expect(phone).toContain('viewBox="0 0 360 260"');
    expect((phone.match(/text-anchor="middle"/g) ?? []).length).toBe(8);
  });
});
