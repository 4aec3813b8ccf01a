import { describe, expect, it } from 'vitest';

import { compileReason, renderReason } from './reason-text.ts';

describe('reason templates', () => {
  it('fills every placeholder, keeps unknown ones as written, and groups only from a thousand', () => {
    const figures = {
      count: 12,
      window: 14,
      from: '05/07',
      to: '18/07',
      population: 1234,
      rate: -3.456,
      zero: -0.001,
      big: 12345.5,
      places: 'market,unknown_place',
    };
    const template = '{count} ca/{window} ngày ({from}–{to}), {population} dân, {rate}, {zero}, {big}, {places}, {missing}';
    expect(renderReason(template, figures, 'vi')).toBe('12 ca/14 ngày (05/07–18/07), 1.234 dân, -3,46, 0, 12.345,5, chợ, unknown_place, {missing}');
    expect(renderReason(template, figures, 'en')).toBe('12 ca/14 ngày (05/07–18/07), 1,234 dân, -3.46, 0, 12,345.5, market, unknown_place, {missing}');
    expect(renderReason('-{count}-{count}-', { count: 999 }, 'vi')).toBe('-999-999-');
    expect(renderReason('no placeholder', figures, 'en')).toBe('no placeholder');
  });

  it('compiled once, renders as often as asked with other figures', () => {
    const render = compileReason('{count} cases in {window} days');
    expect(render({ count: 1, window: 14 }, 'en')).toBe('1 cases in 14 days');
    expect(render({ count: 100000, window: 7 }, 'vi')).toBe('100.000 cases in 7 days');
  });
});
