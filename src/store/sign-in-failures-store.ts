import type { Kysely } from 'kysely';

import { delayAfter, failuresStillCounting, type ThrottlePolicy } from '../core/auth/sign-in-throttle.ts';
import type { Database } from './schema.ts';
import { writeTransaction } from './write-transaction.ts';

/**
 * Failed sign-ins per key (`account:<name>`, `address:<ip>`), kept in the database so every
 * instance of the server throttles alike and a restart forgives nothing. The policy's meaning is
 * in src/core/auth/sign-in-throttle.ts.
 */

/** Until when a key must wait, or null when it may try now. */
export async function blockedUntil(db: Kysely<Database>, key: string, now = new Date()): Promise<Date | null> {
  const row = await db.selectFrom('sign_in_failures').select('blocked_until').where('key', '=', key).executeTakeFirst();
  if (!row?.blocked_until) return null;
  const until = new Date(row.blocked_until);
  return until.getTime() > now.getTime() ? until : null;
}

/** Counts one more failure for a key and sets its wait; returns the count. */
export async function recordFailure(db: Kysely<Database>, key: string, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  return writeTransaction(db, async (tx) => {
    // Counts quiet for a day are forgotten by every policy: swept here so guessed names do not pile up.
    await tx
      .deleteFrom('sign_in_failures')
      .where('last_failure_at', '<', new Date(now.getTime() - 24 * 3600_000).toISOString())
      .where('key', '!=', key)
      .execute();
    const row = await tx.selectFrom('sign_in_failures').select(['failures', 'last_failure_at']).where('key', '=', key).executeTakeFirst();
    const failures = (row ? failuresStillCounting(Number(row.failures), new Date(row.last_failure_at), now, policy) : 0) + 1;
    const delay = delayAfter(failures, policy);
    const values = { failures, last_failure_at: now.toISOString(), blocked_until: delay > 0 ? new Date(now.getTime() + delay).toISOString() : null };
    if (row) await tx.updateTable('sign_in_failures').set(values).where('key', '=', key).execute();
    // Two instances may count the first failure at once: the second then updates the first's row.
    else
      await tx
        .insertInto('sign_in_failures')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    return failures;
  });
}

/** Forgets a key's failures (an account after its member signed in). */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await writeTransaction(db, (tx) => tx.deleteFrom('sign_in_failures').where('key', '=', key).execute());
}
