import { describe, expect, it } from 'vitest';

import { axisTop, dailyChartSvg } from './daily-chart.ts';

describe('the daily chart', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect(axisTop(0)).toBe(1);
    expect(axisTop(3)).toBe(5);
    expect(axisTop(12)).toBe(20);
    expect(axisTop(50)).toBe(50);
    expect(axisTop(501)).toBe(1000);
  });

  it('stacks each day, leaves empty days bare, and names itself for screen readers', () => {
    const svg = dailyChartSvg(
      [
        {
          date: '2021-07-17',
          parts: [
            { value: 2, fill: '#a00' },
            { value: 3, fill: '#555' },
          ],
        },
        { date: '2021-07-18', parts: null },
      ],
      'Ca "bệnh" <theo ngày>',
      (d) => d.split('-').reverse().join('/'),
    );
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('aria-label="Ca &quot;bệnh&quot; &lt;theo ngày>"');
    expect(svg).toContain('17/07/2021');
    expect(svg).toContain('18/07/2021');
    expect(svg).toContain('>5</text>'); // the axis top: 2 + 3
  });
});
