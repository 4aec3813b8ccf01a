import { COUNTED, type NominationStatus } from './nomination.ts';
import type { RewardForm, Subject } from './reward-scheme.ts';

/**
 * Quotas (issue #19 item 3): per campaign × form × granting unit × subject, the nominations the
 * Board has accepted and those approved or published after count; proposed ones do not, so a
 * committee may propose more than the quota and the Board chooses.
 */
export interface QuotaUse {
  form: string;
  grantingUnit: string;
  subject: Subject;
  quota: number;
  used: number;
}

export interface Counted {
  form: string;
  grantingUnit: string;
  subject: Subject;
  status: NominationStatus;
}

export function quotaKey(q: Pick<Counted, 'form' | 'grantingUnit' | 'subject'>): string {
  return `${q.form}|${q.grantingUnit}|${q.subject}`;
}

/** Nominations that use a quota, per key. */
export function usedQuotas(nominations: readonly Counted[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const n of nominations) if (COUNTED.has(n.status)) used.set(quotaKey(n), (used.get(quotaKey(n)) ?? 0) + 1);
  return used;
}

/**
 * The use of each quota touched by the nominations given, and of those in `alsoFor` (a Board's own
 * quotas, shown at 0 before anything is accepted); forms of the scheme only, sorted by form,
 * granting unit and subject.
 */
export function quotaUses(
  forms: readonly RewardForm[],
  nominations: readonly Counted[],
  alsoFor: ReadonlyArray<Pick<Counted, 'form' | 'grantingUnit' | 'subject'>> = [],
): QuotaUse[] {
  const used = usedQuotas(nominations);
  const keys = new Map<string, Pick<Counted, 'form' | 'grantingUnit' | 'subject'>>();
  for (const n of [...alsoFor, ...nominations]) keys.set(quotaKey(n), n);
  const out: QuotaUse[] = [];
  for (const n of keys.values()) {
    const form = forms.find((f) => f.id === n.form);
    const quota = form?.quota[n.subject];
    if (quota === undefined) continue;
    out.push({ form: n.form, grantingUnit: n.grantingUnit, subject: n.subject, quota, used: used.get(quotaKey(n)) ?? 0 });
  }
  return out.sort((a, b) => quotaKey(a).localeCompare(quotaKey(b)));
}

/** Whether one more may be accepted: `used` already counted excludes the one being accepted. */
export function quotaAllows(quota: number, used: number): boolean {
  return used < quota;
}
