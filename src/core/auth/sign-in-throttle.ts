/**
 * Growing delays after failed sign-ins (docs/accounts.md, "Throttling"). Pure: the store keeps
 * the counts, the server asks this what they mean. A few failures cost nothing (a mistyped
 * password), then each further one doubles the wait, up to a cap: no count ever locks anyone out
 * for good, and the cap bounds what a stranger can make a member wait.
 */
export interface ThrottlePolicy {
  /** Failures in a row allowed before any wait. */
  freeFailures: number;
  /** The first wait; each later failure doubles it. */
  baseDelayMs: number;
  /** The longest wait. */
  capMs: number;
  /** A count whose last failure is older than this starts again from zero. */
  forgetAfterMs: number;
}

/** Per account, from any address but the member's own: short, so a stranger can only slow the member down. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, capMs: 30_000, forgetAfterMs: 15 * 60_000 };

/** Per address, across all accounts: longer, since it only holds back whoever sends from it. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 10, baseDelayMs: 1000, capMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/** How long sign-in waits after the `failures`-th failure in a row: 0, …, 0, base, 2·base, 4·base, … up to the cap. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.capMs);
}

/** The failures that still count at `now`, given the count and when the last one was. */
export function failuresStillCounting(failures: number, lastFailureAt: Date, now: Date, policy: ThrottlePolicy): number {
  return now.getTime() - lastFailureAt.getTime() > policy.forgetAfterMs ? 0 : failures;
}

/** Whole seconds to put in Retry-After: never 0 while a wait remains. */
export function retryAfterSeconds(blockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
}
