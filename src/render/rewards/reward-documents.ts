/**
 * The reward documents (issue #19): the submission (Tờ trình), the decision (Quyết định) with its
 * annexed list, the list as a workbook and the certificates. Pure renderers: the backend maps its
 * records to these input types, the renderers turn them into bytes and touch nothing else.
 *
 *   submissionDocx(doc): Tờ trình đề nghị khen thưởng + annexed list (doc.addressee set);
 *   decisionDocx(doc): Quyết định khen thưởng + annexed list;
 *   recipientsXlsx(doc): the list as a workbook (a submission's when doc.addressee is set);
 *   certificatesPdf(doc, only?): A4 landscape, one page per recipient, `only` = 0-based indexes
 *   into doc.recipients.
 */

/** Who issues the document: the two lines at the top left and the place of the date line. */
export interface IssuingBody {
  /** The superior body above the issuer ("ỦY BAN NHÂN DÂN"), or null when the issuer stands alone. */
  superior: string | null;
  /** "THÀNH PHỐ HỒ CHÍ MINH" / "BAN THI ĐUA - KHEN THƯỞNG". */
  name: string;
  /** "Thành phố Hồ Chí Minh", for the place-and-date line. */
  place: string;
}

export interface RewardRecipient {
  subject: 'collective' | 'individual';
  name: string;
  position: string | null;
  unitName: string;
  achievement: string;
}

export interface RewardDocument {
  issuer: IssuingBody;
  /** "1234/QĐ-UBND", "56/TTr-BTĐKT". */
  number: string;
  /** YYYY-MM-DD. */
  date: string;
  formName: string;
  /** "Bằng khen" | "Giấy khen". */
  documentName: string;
  campaignName: string;
  /** { title: "CHỦ TỊCH", name: "Nguyễn Văn A" }. */
  signer: { title: string; name: string };
  recipients: RewardRecipient[];
  /** "Căn cứ …" lines. */
  grounds: string[];
  /** Nơi nhận. */
  copiesTo: string[];
  /** Submission only: "Kính gửi: Chủ tịch Ủy ban nhân dân Thành phố". */
  addressee?: string;
}

// The renderers, one per file; the backend imports them from here beside the types.
export { certificatesPdf } from './certificate-pdf.ts';
export { decisionDocx } from './decision-docx.ts';
export { recipientsXlsx } from './recipients-xlsx.ts';
export { submissionDocx } from './submission-docx.ts';
