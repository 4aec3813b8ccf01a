import { describe, expect, it } from 'vitest';

import { FailureLimiter } from './failure-limiter.ts';

describe('failure limiter', () => {
  it('refuses a key once it has failed max times, until its window ends, then starts afresh', () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.fail('a');
      now += 1000;
    }
    // Three failures at 0 s, 1 s and 2 s; now is 3 s into the 60 s window.
    expect(limiter.retryAfter('a')).toBe(57);
    expect(limiter.retryAfter('b')).toBe(0);
    now += 56_500;
    expect(limiter.retryAfter('a')).toBe(1);
    now += 500;
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(0);
  });
});
