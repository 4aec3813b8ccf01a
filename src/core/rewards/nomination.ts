import type { Role } from '../auth/roles.ts';
import { localDate } from '../time/local-date.ts';
import type { CriterionFacts } from './reward-criteria.ts';
import type { Subject } from './reward-scheme.ts';

/**
 * A nomination's life (issue #19, docs/rewards.md): proposed by a committee, reviewed by the
 * Emulation and Rewards Board of the level that grants the form, approved by that level's People's
 * Committee in a numbered decision, then published. Pure: which step may follow which, and who
 * takes it; the store applies a step only when this says it may.
 */
export const NOMINATION_STATUSES = ['proposed', 'returned', 'rejected', 'withdrawn', 'accepted', 'approved', 'published'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export type NominationAction = 'accept' | 'return' | 'reject' | 'correct' | 'withdraw' | 'approve' | 'publish' | 'release';

/** Who takes a step: committees propose, correct, withdraw and approve (as the People's Committee); the Board reviews. */
export const ACTORS: Record<NominationAction, readonly Role[]> = {
  accept: ['reward_officer', 'admin'],
  return: ['reward_officer', 'admin'],
  reject: ['reward_officer', 'admin'],
  correct: ['committee', 'admin'],
  withdraw: ['committee', 'admin'],
  approve: ['committee', 'admin'],
  publish: ['committee', 'admin'],
  // A superseding decision that leaves a nomination out gives it back to the Board's accepted list.
  release: ['committee', 'admin'],
};

const STEPS: Record<NominationAction, { from: readonly NominationStatus[]; to: NominationStatus }> = {
  accept: { from: ['proposed'], to: 'accepted' },
  return: { from: ['proposed'], to: 'returned' },
  reject: { from: ['proposed'], to: 'rejected' },
  correct: { from: ['returned'], to: 'proposed' },
  withdraw: { from: ['proposed', 'returned'], to: 'withdrawn' },
  approve: { from: ['accepted'], to: 'approved' },
  publish: { from: ['approved'], to: 'published' },
  release: { from: ['approved', 'published'], to: 'accepted' },
};

/** Steps that must say why: the committee reads the reason on a return, everyone on a rejection. */
export const NEEDS_REASON: ReadonlySet<NominationAction> = new Set(['return', 'reject']);

/** Statuses a nomination counts against its form's quota in. */
export const COUNTED: ReadonlySet<NominationStatus> = new Set(['accepted', 'approved', 'published']);
/** Statuses in which a nomination still holds its unit's place for a form (a second one for the same unit and form is refused). */
export const LIVE: ReadonlySet<NominationStatus> = new Set(['proposed', 'returned', 'accepted', 'approved', 'published']);

export type Transition = { ok: true; to: NominationStatus } | { ok: false; why: 'status' | 'role' };

/** Whether `role` may take `action` on a nomination in `status`, and the status it leads to. */
export function transition(status: NominationStatus, action: NominationAction, role: Role): Transition {
  if (!ACTORS[action].includes(role)) return { ok: false, why: 'role' };
  const step = STEPS[action];
  return step.from.includes(status) ? { ok: true, to: step.to } : { ok: false, why: 'status' };
}

/** Who acted, as readers see it: a role and the unit it covers, never the person. */
export interface Party {
  role: string;
  unit: string;
}

export interface HistoryEntry {
  status: NominationStatus;
  at: string;
  by: Party;
  reason?: string;
}

export interface Person {
  name: string;
  position: string;
  kind: 'official' | 'volunteer';
}

export interface NominationAttachment {
  n: number;
  name: string;
  type: string;
  size: number;
}

export interface Nomination {
  number: number;
  campaign: string;
  schemeVersion: number;
  subject: Subject;
  unit: string;
  form: string;
  grantingUnit: string;
  criterion: string;
  facts: CriterionFacts;
  person: Person | null;
  summary: string;
  attachments: NominationAttachment[];
  status: NominationStatus;
  proposedBy: Party;
  history: HistoryEntry[];
  decision: { id: number; number: string; date: string } | null;
}

/** The change-feed entry (kind `reward`) each step appends; the inbox tells the other side. */
export interface RewardChange {
  type: 'reward.nomination';
  nomination: number;
  campaign: string;
  status: NominationStatus;
  unit: string;
  grantingUnit: string;
  /** The committee's unit that proposed: who hears of the Board's and the approvers' steps. */
  proposedBy: string;
  /** The local date of the step, and its place in the nomination's history (a second return is another notice). */
  date: string;
  step: number;
  reason?: string;
}

export const REWARD_CHANGE_KIND = 'reward';

export function rewardChange(
  n: Pick<Nomination, 'number' | 'campaign' | 'status' | 'unit' | 'grantingUnit' | 'proposedBy' | 'history'>,
  at: Date,
  reason?: string,
): RewardChange {
  return {
    type: 'reward.nomination',
    nomination: n.number,
    campaign: n.campaign,
    status: n.status,
    unit: n.unit,
    grantingUnit: n.grantingUnit,
    proposedBy: n.proposedBy.unit,
    date: localDate(at),
    step: n.history.length,
    ...(reason === undefined ? {} : { reason }),
  };
}
