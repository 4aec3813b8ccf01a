import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ROLES } from '../auth/roles.ts';
import { COUNTED, NOMINATION_STATUSES, type NominationAction, type NominationStatus, transition } from './nomination.ts';
import { quotaAllows } from './quota.ts';

describe('the nomination state machine', () => {
  // Every allowed step, by whom; every other (status, action) pair is refused for status.
  const ALLOWED: Array<[NominationStatus, NominationAction, NominationStatus, string]> = [
    ['proposed', 'accept', 'accepted', 'reward_officer'],
    ['proposed', 'return', 'returned', 'reward_officer'],
    ['proposed', 'reject', 'rejected', 'reward_officer'],
    ['returned', 'correct', 'proposed', 'committee'],
    ['proposed', 'withdraw', 'withdrawn', 'committee'],
    ['returned', 'withdraw', 'withdrawn', 'committee'],
    ['accepted', 'approve', 'approved', 'committee'],
    ['approved', 'publish', 'published', 'committee'],
    ['approved', 'release', 'accepted', 'committee'],
    ['published', 'release', 'accepted', 'committee'],
  ];
  const ACTIONS: NominationAction[] = ['accept', 'return', 'reject', 'correct', 'withdraw', 'approve', 'publish', 'release'];

  it.each(ALLOWED)('%s → %s → %s, by %s (and an admin)', (from, action, to, role) => {
    expect(transition(from, action, role as never)).toEqual({ ok: true, to });
    expect(transition(from, action, 'admin')).toEqual({ ok: true, to });
  });

  it('refuses every other step for its status', () => {
    for (const status of NOMINATION_STATUSES)
      for (const action of ACTIONS) {
        if (ALLOWED.some(([f, a]) => f === status && a === action)) continue;
        expect(transition(status, action, 'admin'), `${status} ${action}`).toEqual({ ok: false, why: 'status' });
      }
  });

  it('refuses a step to a role that does not take it: the Board does not propose or approve, a committee does not review', () => {
    expect(transition('proposed', 'accept', 'committee')).toEqual({ ok: false, why: 'role' });
    expect(transition('accepted', 'approve', 'reward_officer')).toEqual({ ok: false, why: 'role' });
    expect(transition('returned', 'correct', 'reward_officer')).toEqual({ ok: false, why: 'role' });
    for (const role of ROLES.filter((r) => !['committee', 'reward_officer', 'admin'].includes(r)))
      for (const action of ACTIONS) expect(transition('proposed', action, role).ok).toBe(false);
  });

  it('reaches rejected, withdrawn only as final states', () => {
    for (const action of ACTIONS) {
      expect(transition('rejected', action, 'admin').ok).toBe(false);
      expect(transition('withdrawn', action, 'admin').ok).toBe(false);
    }
  });
});

/**
 * Any sequence of steps by any role on a few nominations sharing one quota, each step taken only as
 * the machine allows and an acceptance only within the quota (as the store does, under its lock):
 * never more counted than the quota, and nothing published that was not accepted and decided.
 */
describe('quotas and publication under any sequence of steps', () => {
  const step = fc.record({
    nomination: fc.integer({ min: 0, max: 5 }),
    action: fc.constantFrom<NominationAction>('accept', 'return', 'reject', 'correct', 'withdraw', 'approve', 'publish', 'release'),
    role: fc.constantFrom(...ROLES),
  });

  it('never counts more than the quota, and publishes only accepted nominations that a decision approved', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(step, { maxLength: 80 }), (quota, steps) => {
        const status: NominationStatus[] = Array.from({ length: 6 }, () => 'proposed');
        const history: NominationStatus[][] = status.map((s) => [s]);
        const decided = status.map(() => false);
        for (const s of steps) {
          const t = transition(status[s.nomination], s.action, s.role);
          if (!t.ok) continue;
          if (s.action === 'accept' && !quotaAllows(quota, status.filter((x) => COUNTED.has(x)).length)) continue;
          if (s.action === 'approve') decided[s.nomination] = true;
          if (s.action === 'release') decided[s.nomination] = false;
          status[s.nomination] = t.to;
          history[s.nomination].push(t.to);
          expect(status.filter((x) => COUNTED.has(x)).length).toBeLessThanOrEqual(quota);
        }
        status.forEach((x, i) => {
          if (x !== 'published') return;
          expect(history[i]).toContain('accepted');
          expect(decided[i]).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});
