/**
 * The reward documents (issue #19): the submission (Tờ trình), the decision (Quyết định) with its
 * annexed list, the list as a workbook and the certificates. Pure renderers: the backend maps its
 * records to these input types, the renderers turn them into bytes and touch nothing else.
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

/** Tờ trình đề nghị khen thưởng, with the annexed list. */
export function submissionDocx(doc: RewardDocument): Promise<Buffer> {
  void doc;
  return Promise.reject(new Error('not yet'));
}

/** Quyết định khen thưởng, with the annexed list. */
export function decisionDocx(doc: RewardDocument): Promise<Buffer> {
  void doc;
  return Promise.reject(new Error('not yet'));
}

/** The list of recipients as a workbook. */
export function recipientsXlsx(doc: RewardDocument): Promise<Buffer> {
  void doc;
  return Promise.reject(new Error('not yet'));
}

/** Certificates, A4 landscape, one page per recipient (only: indexes into recipients), fonts embedded. */
export function certificatesPdf(doc: RewardDocument, only?: number[]): Promise<Uint8Array> {
  void doc;
  void only;
  return Promise.reject(new Error('not yet'));
}
