import { afterEach, describe, expect, it, vi } from 'vitest';

import { TimeController } from './time-controller.ts';

afterEach(() => vi.useRealTimers());

describe('TimeController', () => {
  const dates = ['2021-07-09', '2021-07-10', '2021-07-11'];

  it('starts at the latest date, clamps seeks and reports only real changes', () => {
    const seen: string[] = [];
    const c = new TimeController(dates, (d) => seen.push(d));
    expect(c.current).toBe('2021-07-11');
    c.seek(99);
    c.seek(0);
    c.step(-1);
    c.step(1);
    expect(seen).toEqual(['2021-07-09', '2021-07-10']);
  });

  it('plays to the end and stops', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const c = new TimeController(dates, (d) => seen.push(d), '2021-07-09');
    c.play(100);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['2021-07-10', '2021-07-11']);
    expect(c.playing).toBe(false);
  });

  it('takes a new list of dates, keeping the date shown, without notifying', () => {
    const seen: string[] = [];
    const c = new TimeController(dates, (d) => seen.push(d), '2021-07-10');
    c.setDates([...dates, '2021-07-12']);
    expect([c.current, c.position, c.dates.length]).toEqual(['2021-07-10', 1, 4]);
    c.setDates([...dates, '2021-07-12'], '2021-07-12');
    expect([c.current, c.position]).toEqual(['2021-07-12', 3]);
    expect(seen).toEqual([]);
  });
});
