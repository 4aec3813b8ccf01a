import { describe, expect, it } from 'vitest';

import { ReplayClock } from './replay-clock.ts';

describe('replay clock', () => {
  it('runs at its speed, stands still while paused, re-anchors on every change', () => {
    let real = 1_000;
    const start = new Date('2021-07-14T11:00:00.000Z');
    const clock = new ReplayClock(start, 3600, false, () => real);
    real += 10_000;
    expect(clock.now()).toEqual(start); // paused from the start
    clock.resume();
    real += 2_000; // 2 real seconds at ×3600: 2 simulated hours
    expect(clock.now().toISOString()).toBe('2021-07-14T13:00:00.000Z');
    clock.setSpeed(60);
    real += 60_000; // one real minute at ×60: one simulated hour
    expect(clock.now().toISOString()).toBe('2021-07-14T14:00:00.000Z');
    clock.pause();
    real += 3_600_000;
    expect(clock.now().toISOString()).toBe('2021-07-14T14:00:00.000Z');
    clock.jump(new Date('2021-07-20T00:00:00.000Z'));
    expect(clock.state()).toEqual({ at: '2021-07-20T00:00:00.000Z', speed: 60, running: false });
    clock.resume();
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2021-07-20T00:01:00.000Z');
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9])('refuses speed %s', (speed) => {
    expect(() => new ReplayClock(new Date(0), speed)).toThrow(RangeError);
  });
});
