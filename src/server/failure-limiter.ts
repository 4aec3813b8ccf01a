/**
 * Counts failed authentications per key (a client address, a token id) in a fixed window: once a
 * key has failed `max` times, it is refused until its window ends, without its token being
 * checked. Checking a secret costs tens of milliseconds of scrypt by design, so an unbounded
 * stream of wrong secrets would be both a guessing attack and a way to keep the CPU busy.
 *
 * Kept in this process's memory: each server instance counts its own failures (see
 * docs/security.md for what that means behind a load balancer).
 */
export interface FailureLimit {
  /** Failures allowed in one window; the next attempt is refused until the window ends. */
  max: number;
  windowMs: number;
}

/** Keys kept at most; beyond it the oldest windows are forgotten (an attacker spraying ids cannot grow the map without bound). */
const MAX_KEYS = 100_000;

export class FailureLimiter {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    private readonly limit: FailureLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds before `key` may try again (rounded up), or 0 while it may. */
  retryAfter(key: string): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    const left = window.endsAt - this.now();
    if (left <= 0) {
      this.windows.delete(key);
      return 0;
    }
    return window.failures >= this.limit.max ? Math.ceil(left / 1000) : 0;
  }

  /** Records one failure of `key`. */
  fail(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.failures++;
      return;
    }
    this.windows.delete(key);
    if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.set(key, { failures: 1, endsAt: now + this.limit.windowMs });
  }
}
