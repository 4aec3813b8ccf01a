import type { Kysely } from 'kysely';

import type { ThrottlePolicy } from '../core/auth/sign-in-throttle.ts';
import { checkPassword, lastSignInAddress } from '../store/accounts-store.ts';
import type { Database } from '../store/schema.ts';
import { blockedUntil, clearFailures, recordFailure } from '../store/sign-in-failures-store.ts';

export type SignInOutcome = { kind: 'ok'; userId: number; name: string } | { kind: 'wrong' } | { kind: 'throttled'; until: Date };

/**
 * Checks a name and password under the throttle of docs/accounts.md:
 * - per address, every failure from it counts, whatever the name: a guesser spraying names waits;
 * - per account, failures from anywhere count, but the address the member last signed in from is
 *   spared that wait, so a stranger failing on purpose can slow the member elsewhere (30 s at most
 *   by default) and never lock them out at their own desk.
 * A throttled attempt is refused before its password is read, so it neither counts nor confirms a guess.
 */
export async function signIn(
  db: Kysely<Database>,
  attempt: { name: string; password: string; address: string },
  throttle: { account: ThrottlePolicy; address: ThrottlePolicy },
  now = new Date(),
): Promise<SignInOutcome> {
  const addressKey = `address:${attempt.address}`;
  const accountKey = `account:${attempt.name}`;
  const addressWait = await blockedUntil(db, addressKey, now);
  if (addressWait) return { kind: 'throttled', until: addressWait };
  if ((await lastSignInAddress(db, attempt.name)) !== attempt.address) {
    const accountWait = await blockedUntil(db, accountKey, now);
    if (accountWait) return { kind: 'throttled', until: accountWait };
  }
  const user = await checkPassword(db, attempt.name, attempt.password);
  if (!user) {
    // Timed from now, after scrypt: the wait runs from the answer, not from the request's arrival.
    await recordFailure(db, addressKey, throttle.address);
    await recordFailure(db, accountKey, throttle.account);
    return { kind: 'wrong' };
  }
  await clearFailures(db, accountKey);
  return { kind: 'ok', userId: user.id, name: user.name };
}
