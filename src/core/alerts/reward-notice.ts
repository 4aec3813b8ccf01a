import type { Role } from '../auth/roles.ts';
import { ISO_DATE } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';

/** What the rewards workflow appends to the change feed (kind `reward`) at each step of a nomination (src/core/rewards/nomination.ts). */
export interface RewardChangeNotice {
  nomination: number;
  campaign: string;
  status: string;
  unit: string;
  grantingUnit: string;
  proposedBy: string;
  date: string;
  step: number;
  reason?: string;
}

/** A `reward` feed entry's payload, if it is a nomination step; null otherwise (a scheme edit, another shape). */
export function rewardChangeOf(payload: unknown): RewardChangeNotice | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.type !== 'reward.nomination') return null;
  const strings = ['campaign', 'status', 'unit', 'grantingUnit', 'proposedBy', 'date'] as const;
  if (!Number.isInteger(p.nomination) || !Number.isInteger(p.step) || strings.some((k) => typeof p[k] !== 'string') || !ISO_DATE.test(p.date as string))
    return null;
  return {
    nomination: p.nomination as number,
    campaign: p.campaign as string,
    status: p.status as string,
    unit: p.unit as string,
    grantingUnit: p.grantingUnit as string,
    proposedBy: p.proposedBy as string,
    date: p.date as string,
    step: p.step as number,
    ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
  };
}

const STATUS: Record<string, { vi: string; en: string }> = {
  proposed: { vi: 'được đề nghị', en: 'proposed' },
  accepted: { vi: 'được Ban Thi đua - Khen thưởng chấp nhận', en: 'accepted by the Emulation and Rewards Board' },
  returned: { vi: 'bị trả lại để bổ sung', en: 'returned for correction' },
  rejected: { vi: 'không được chấp nhận', en: 'rejected' },
  approved: { vi: 'được phê duyệt', en: 'approved' },
  published: { vi: 'được công bố', en: 'published' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
};

/**
 * Who hears of a step: a proposal (or a correction sent back) is for the Board of the granting unit,
 * whose queue it joins; the Board's and the approvers' steps are for the committee that proposed.
 * A withdrawal is the committee's own step and tells nobody.
 */
export function rewardNoticeUnit(change: RewardChangeNotice): { unit: string; audience: readonly Role[] } | null {
  if (change.status === 'withdrawn') return null;
  if (change.status === 'proposed') return { unit: change.grantingUnit, audience: ['reward_officer', 'admin'] };
  return { unit: change.proposedBy, audience: ['committee', 'admin'] };
}

/** The inbox notice for one step of a nomination: once per nomination and step. `nominee` is the nominated unit, by name. */
export function rewardNotice(change: RewardChangeNotice, to: AlertUnit, nominee: string): AlertDraft | null {
  const who = rewardNoticeUnit(change);
  if (!who) return null;
  const status = STATUS[change.status] ?? { vi: change.status, en: change.status };
  const why = change.reason ? { vi: `: ${change.reason}`, en: `: ${change.reason}` } : { vi: '', en: '' };
  return {
    key: `reward:${change.nomination}:${change.step}:${change.status}`,
    rule: 'reward',
    kind: 'reward',
    severity: 'info',
    unit: to.code,
    date: change.date,
    level: null,
    message: {
      vi: `Đề nghị khen thưởng số ${change.nomination} (${nominee}) ${status.vi}${why.vi}`,
      en: `Reward nomination no. ${change.nomination} (${nominee}) ${status.en}${why.en}`,
    },
    detail: { nomination: change.nomination, campaign: change.campaign, status: change.status },
    audience: who.audience,
  };
}
