import { AlignmentType, type FileChild, Paragraph } from 'docx';

import {
  administrativeDocx,
  administrativeHead,
  bodyParagraph,
  centred,
  LARGE,
  placeDateLine,
  shortRule,
  signatureAndRecipients,
  text,
} from '../administrative-layout.ts';
import { annexedList } from './annexed-list-docx.ts';
import type { RewardDocument } from './reward-documents.ts';
import { addresseeInSentence, countPhrase } from './reward-wording.ts';

/**
 * Tờ trình đề nghị khen thưởng in the layout of Decree 30/2020/NĐ-CP (Appendix III, form 1.4, a
 * text with a name): head, "TỜ TRÌNH", its subject, "Kính gửi: …", the grounds, the proposal and
 * the closing request, recipients and signature; the list proposed annexed.
 */
export function submissionDocx(doc: RewardDocument): Promise<Buffer> {
  return administrativeDocx(
    {
      title: `Tờ trình ${doc.number}`,
      subject: `Đề nghị tặng ${doc.formName} — ${doc.campaignName}`,
      description: 'Tờ trình đề nghị khen thưởng / reward submission',
    },
    [...submissionBody(doc), ...annexedList(doc)],
  );
}

function submissionBody(doc: RewardDocument): FileChild[] {
  const to = addresseeInSentence(doc);
  const addressee = doc.addressee?.trim() || `Kính gửi: ${to}`;
  return [
    administrativeHead({ superior: doc.issuer.superior, issuer: doc.issuer.name, number: doc.number, placeDate: placeDateLine(doc.issuer.place, doc.date) }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: [text('TỜ TRÌNH', { bold: true, size: LARGE })] }),
    centred([text(`Về việc đề nghị tặng ${doc.formName} cho các tập thể, cá nhân đã có thành tích trong ${doc.campaignName}`, { bold: true, size: LARGE })]),
    shortRule(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [text(addressee)] }),
    ...doc.grounds.map((line) => bodyParagraph(line, { italics: true })),
    bodyParagraph(
      `Trên cơ sở đề nghị của các đơn vị và kết quả xét duyệt, kính đề nghị ${to} xem xét, tặng ${doc.formName} cho ${countPhrase(doc.recipients)} đã có thành tích trong ${doc.campaignName} (có danh sách kèm theo).`,
    ),
    bodyParagraph(`Kính trình ${to} xem xét, quyết định./.`),
    ...signatureAndRecipients(doc.copiesTo, doc.signer),
  ];
}
