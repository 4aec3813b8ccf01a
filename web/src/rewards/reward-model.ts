import { displayDate } from '../../../src/core/time/local-date.ts';
import type { CandidateFacts, Nomination, QuotaUse, RewardDecision } from './types.ts';

/**
 * The rewards workspace's pure parts, tested without a browser: who may act on what (the page
 * offers an action only where the server would allow it; the server still decides), the facts as
 * a sentence, and the nominations gathered as the approvers decide them.
 */
export interface HeldRole {
  role: string;
  scope: string;
}

type Lang = 'vi' | 'en';

/** The scopes in which a member holds one of `roles`. */
export function scopesOf(held: readonly HeldRole[], roles: readonly string[]): string[] {
  return held.filter((r) => roles.includes(r.role)).map((r) => r.scope);
}

/** The Board of the granting unit (or an admin there) reviews a proposed nomination. */
export function canReview(n: Nomination, held: readonly HeldRole[]): boolean {
  return n.status === 'proposed' && scopesOf(held, ['reward_officer', 'admin']).includes(n.grantingUnit);
}

/** The People's Committee of the granting unit (or an admin there) approves and publishes. */
export function canApprove(grantingUnit: string, held: readonly HeldRole[]): boolean {
  return scopesOf(held, ['committee', 'admin']).includes(grantingUnit);
}

/** A committee corrects what came back to it, and withdraws what is not accepted yet. */
export function canCorrect(n: Nomination, held: readonly HeldRole[]): boolean {
  return n.status === 'returned' && scopesOf(held, ['committee', 'admin']).length > 0;
}
export function canWithdraw(n: Nomination, held: readonly HeldRole[]): boolean {
  return (n.status === 'proposed' || n.status === 'returned') && scopesOf(held, ['committee', 'admin']).length > 0;
}

/** Accepted nominations this member may put in a decision, one batch per form and granting unit. */
export function approvalBatches(
  nominations: readonly Nomination[],
  held: readonly HeldRole[],
): Array<{ form: string; grantingUnit: string; nominations: Nomination[] }> {
  const batches = new Map<string, { form: string; grantingUnit: string; nominations: Nomination[] }>();
  for (const n of nominations) {
    if (n.status !== 'accepted' || !canApprove(n.grantingUnit, held)) continue;
    const key = `${n.form}|${n.grantingUnit}`;
    const batch = batches.get(key) ?? { form: n.form, grantingUnit: n.grantingUnit, nominations: [] };
    batch.nominations.push(n);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

/** The decisions the nominations point at, newest first (the API lists decisions through their nominations). */
export function decisionIds(nominations: readonly Nomination[]): number[] {
  return [...new Set(nominations.flatMap((n) => (n.decision ? [n.decision.id] : [])))].sort((a, b) => b - a);
}

/** The (form, granting unit) pairs a submission can be generated for: those with a quota row. */
export function submissionTargets(quotas: readonly QuotaUse[]): Array<{ form: string; grantingUnit: string }> {
  const seen = new Map<string, { form: string; grantingUnit: string }>();
  for (const q of quotas) seen.set(`${q.form}|${q.grantingUnit}`, { form: q.form, grantingUnit: q.grantingUnit });
  return [...seen.values()];
}

/** A decision still in force may be published (once) or superseded. */
export const decisionOpen = (d: RewardDecision) => d.status === 'approved' || d.status === 'published';

/** The qualifying facts as one line, in the page's language: only the facts the API gave. */
export function factsText(facts: CandidateFacts | null | undefined, lang: Lang): string {
  if (!facts) return '';
  const parts: string[] = [];
  const vi = lang === 'vi';
  if (facts.greenSince) parts.push(vi ? `xanh từ ${displayDate(facts.greenSince)}` : `green since ${displayDate(facts.greenSince)}`);
  if (facts.daysGreen != null) parts.push(vi ? `${facts.daysGreen} ngày xanh` : `${facts.daysGreen} ${facts.daysGreen === 1 ? 'day' : 'days'} green`);
  if (facts.reduction != null) {
    const from =
      facts.baseline != null && facts.current != null
        ? vi
          ? ` (từ cấp ${facts.baseline} còn ${facts.current})`
          : ` (from level ${facts.baseline} to ${facts.current})`
        : '';
    parts.push(vi ? `giảm ${facts.reduction} cấp${from}` : `down ${facts.reduction} ${facts.reduction === 1 ? 'level' : 'levels'}${from}`);
  }
  if (facts.rank != null) parts.push(vi ? `hạng ${facts.rank} trong nhóm` : `rank ${facts.rank} in its group`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The decision number as the API takes it ("1234/QĐ-UBND"); blank or malformed is refused before sending. */
export function decisionNumberOk(number: string): boolean {
  return /^\d+\/[A-ZĐ0-9.]+(-[A-ZĐ0-9.]+)*$/u.test(number.trim());
}
