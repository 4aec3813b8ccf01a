import type { RewardDocument, RewardRecipient } from './reward-documents.ts';

/**
 * Phrases the reward documents share, so the decision, the submission, the list and the
 * certificates call the same things by the same words.
 */

/** "2 tập thể và 1 cá nhân": the zero part left out, as a decision would write it. */
export function countPhrase(recipients: readonly RewardRecipient[]): string {
  const collectives = recipients.filter((r) => r.subject === 'collective').length;
  const individuals = recipients.length - collectives;
  const parts = [collectives ? `${collectives} tập thể` : '', individuals ? `${individuals} cá nhân` : ''].filter(Boolean);
  return parts.join(' và ') || '0 tập thể, cá nhân';
}

/**
 * Who grants the form, in capitals, as the line above "QUYẾT ĐỊNH:" and on a certificate. From the
 * first line of the signer's title and the issuing body:
 * - "CHỦ TỊCH", "KT. CHỦ TỊCH" (a deputy signs for the chairman), "TL." / "TUQ." likewise →
 *   "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH";
 * - "TM. ỦY BAN NHÂN DÂN" (signed on behalf of the body) → the body: "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ
 *   CHÍ MINH".
 */
export function authorityLine(doc: RewardDocument): string {
  const first = doc.signer.title.split('\n')[0].trim();
  const body = [doc.issuer.superior, doc.issuer.name].filter((part): part is string => Boolean(part));
  const onBehalfOfBody = /^TM\.\s*/i.test(first);
  const title = first.replace(/^(KT|TM|TL|TUQ)\.\s*/i, '').trim();
  return (onBehalfOfBody ? body : [title, ...body]).join(' ').toLocaleUpperCase('vi');
}

/** A submission carries its addressee ("Kính gửi: …"); a decision has none. */
export function isSubmission(doc: RewardDocument): boolean {
  return Boolean(doc.addressee);
}

/** "Tờ trình" / "Quyết định", as the annexed list names the text it goes with. */
export function textKind(doc: RewardDocument): string {
  return isSubmission(doc) ? 'Tờ trình' : 'Quyết định';
}

/** The addressee without its "Kính gửi:" lead, for a sentence: "Chủ tịch Ủy ban nhân dân Thành phố". */
export function addresseeInSentence(doc: RewardDocument): string {
  return (doc.addressee ?? '').replace(/^\s*Kính gửi\s*:\s*/i, '').trim() || 'cấp có thẩm quyền';
}

export function subjectLabel(subject: RewardRecipient['subject']): string {
  return subject === 'collective' ? 'Tập thể' : 'Cá nhân';
}

/** Collectives first, then individuals, each kept in the order given: the order of the annexed list. */
export function bySubject(recipients: readonly RewardRecipient[]): { collective: RewardRecipient[]; individual: RewardRecipient[] } {
  return { collective: recipients.filter((r) => r.subject === 'collective'), individual: recipients.filter((r) => r.subject === 'individual') };
}
