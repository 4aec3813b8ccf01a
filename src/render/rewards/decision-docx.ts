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
import { authorityLine, countPhrase } from './reward-wording.ts';

/**
 * Quyết định khen thưởng in the layout of Decree 30/2020/NĐ-CP (Appendix III, form 1.3 "Quyết
 * định (cá biệt) quy định trực tiếp"): head, "QUYẾT ĐỊNH", its subject, who decides, the grounds,
 * "QUYẾT ĐỊNH:" and three articles, recipients and signature; the list of recipients annexed.
 */
export function decisionDocx(doc: RewardDocument): Promise<Buffer> {
  return administrativeDocx(
    { title: `Quyết định ${doc.number}`, subject: `Về việc khen thưởng — ${doc.campaignName}`, description: 'Quyết định khen thưởng / reward decision' },
    [...decisionBody(doc), ...annexedList(doc)],
  );
}

function decisionBody(doc: RewardDocument): FileChild[] {
  const authority = authorityLine(doc);
  return [
    administrativeHead({ superior: doc.issuer.superior, issuer: doc.issuer.name, number: doc.number, placeDate: placeDateLine(doc.issuer.place, doc.date) }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360 }, children: [text('QUYẾT ĐỊNH', { bold: true, size: LARGE })] }),
    centred([text(`Về việc khen thưởng các tập thể, cá nhân đã có thành tích trong ${doc.campaignName}`, { bold: true, size: LARGE })]),
    shortRule(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [text(authority, { bold: true, size: LARGE })] }),
    ...doc.grounds.map((line) => bodyParagraph(line, { italics: true })),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [text('QUYẾT ĐỊNH:', { bold: true, size: LARGE })] }),
    article(1, `Tặng ${doc.formName} cho ${countPhrase(doc.recipients)} (có danh sách kèm theo) đã có thành tích trong ${doc.campaignName}.`),
    article(2, 'Quyết định này có hiệu lực kể từ ngày ký.'),
    article(3, `Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.`),
    ...signatureAndRecipients(doc.copiesTo, doc.signer),
  ];
}

function article(n: number, value: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: 120, line: 312 },
    indent: { firstLine: 567 },
    children: [text(`Điều ${n}. `, { bold: true }), text(value)],
  });
}
