import { describe, expect, it } from 'vitest';

import { ACCOUNT_THROTTLE, delayAfter, failuresStillCounting, retryAfterSeconds } from './sign-in-throttle.ts';

describe('sign-in throttle', () => {
  it('lets a few mistakes pass, then doubles the wait up to the cap', () => {
    const waits = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1, ACCOUNT_THROTTLE));
    expect(waits).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(delayAfter(10_000, ACCOUNT_THROTTLE)).toBe(30_000);
  });
  it('forgets failures after a quiet spell', () => {
    const last = new Date('2021-07-14T01:00:00Z');
    expect(failuresStillCounting(7, last, new Date('2021-07-14T01:10:00Z'), ACCOUNT_THROTTLE)).toBe(7);
    expect(failuresStillCounting(7, last, new Date('2021-07-14T01:16:00Z'), ACCOUNT_THROTTLE)).toBe(0);
  });
  it('never tells a client to retry in 0 seconds while a wait remains', () => {
    const now = new Date('2021-07-14T01:00:00Z');
    expect(retryAfterSeconds(new Date(now.getTime() + 10), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now.getTime() + 4001), now)).toBe(5);
  });
});
