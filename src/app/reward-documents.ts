import { problems } from '../contract/index.ts';
import type { Principal } from '../core/auth/roles.ts';
import type { Campaign } from '../core/campaign/campaign.ts';
import type { RewardForm } from '../core/rewards/reward-scheme.ts';
import { localDate } from '../core/time/local-date.ts';
import {
  certificatesPdf,
  decisionDocx,
  type IssuingBody,
  recipientsXlsx,
  type RewardDocument,
  type RewardRecipient,
  submissionDocx,
} from '../render/rewards/reward-documents.ts';
import { type NominationView, rewardDesk } from './rewards.ts';
import type { AppServices } from './services.ts';

/**
 * The reward documents (issue #19 item 4, docs/rewards.md): the records of the workflow mapped to
 * the renderers' `RewardDocument` (src/render/rewards/). The decision is issued by the People's
 * Committee of the granting unit, the submission by that level's Emulation and Rewards Board; both
 * rest on the Law on Emulation and Commendation 2022, Decree 98/2023/NĐ-CP and the campaign's plan.
 */
export interface RenderedFile {
  name: string;
  type: string;
  body: Buffer | Uint8Array;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

const upper = (text: string) => text.toLocaleUpperCase('vi');

/**
 * The People's Committee of a level: "ỦY BAN NHÂN DÂN" above "THÀNH PHỐ HỒ CHÍ MINH" / "QUẬN 1". The
 * place of the date line is the level's own name (Decree 30: where the issuing body sits), so a
 * district writes "Quận 1, ngày …".
 */
function committeeOf(unitName: string): IssuingBody {
  return { superior: 'ỦY BAN NHÂN DÂN', name: upper(unitName), place: unitName };
}

/** The Board of a level: "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" above "BAN THI ĐUA - KHEN THƯỞNG". */
function boardOf(unitName: string): IssuingBody {
  return { superior: `ỦY BAN NHÂN DÂN ${upper(unitName)}`, name: 'BAN THI ĐUA - KHEN THƯỞNG', place: unitName };
}

/** The laws and the plan every reward document rests on, as "Căn cứ …;" lines. */
function grounds(campaign: Campaign): string[] {
  return [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
    'Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;',
    `Căn cứ Kế hoạch tổ chức phong trào thi đua “${campaign.name}”;`,
  ];
}

function recipientOf(n: NominationView, parentName: string | null): RewardRecipient {
  if (n.subject === 'individual' && n.person)
    return { subject: 'individual', name: n.person.name, position: n.person.position, unitName: n.unitName, achievement: n.criterionText.vi };
  return { subject: 'collective', name: n.unitName, position: null, unitName: parentName ?? n.unitName, achievement: n.criterionText.vi };
}

function fileName(base: string, ext: string): string {
  return `${base
    .replace(/[^0-9A-Za-z-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')}.${ext}`;
}

export function rewardDocuments(services: AppServices) {
  const desk = rewardDesk(services);
  const hierarchy = () => services.geography().hierarchy;
  const level = (granting: string) => {
    const unit = hierarchy().get(granting);
    return { name: unit?.name ?? granting, isCity: unit?.parentCode === null };
  };
  const formName = (form: RewardForm | null, id: string) => form?.vi ?? id;

  async function submissionDoc(p: Principal, campaignId: string, formId: string, granting: string): Promise<RewardDocument> {
    const { campaign, form, nominations } = await desk.submission(p, campaignId, formId, granting);
    const at = level(granting);
    return {
      issuer: boardOf(at.name),
      // A draft: the Board's office numbers the submission when it is signed.
      number: '     /TTr-BTĐKT',
      date: localDate(services.now?.() ?? new Date()),
      formName: form.vi,
      documentName: form.document,
      campaignName: campaign.name,
      signer: { title: 'TRƯỞNG BAN', name: '' },
      recipients: nominations.map((n) => recipientOf(n, desk.parentNameOf(n.unit))),
      grounds: grounds(campaign),
      copiesTo: ['Như trên', 'Lưu: VT, BTĐKT'],
      addressee: `Kính gửi: Chủ tịch Ủy ban nhân dân ${at.isCity ? 'Thành phố' : at.name}`,
    };
  }

  async function decisionDoc(p: Principal, id: number): Promise<{ doc: RewardDocument; nominations: NominationView[] }> {
    const { decision, campaign, form, nominations } = await desk.decisionWithNominations(p, id);
    const at = level(decision.grantingUnit);
    return {
      nominations,
      doc: {
        issuer: committeeOf(at.name),
        number: decision.number,
        date: decision.date,
        formName: formName(form, decision.form),
        documentName: form?.document ?? 'Giấy khen',
        campaignName: campaign.name,
        signer: { title: decision.signer.title, name: decision.signer.name },
        recipients: nominations.map((n) => recipientOf(n, desk.parentNameOf(n.unit))),
        grounds: [...grounds(campaign), `Xét đề nghị của Trưởng Ban Thi đua - Khen thưởng ${at.isCity ? 'Thành phố' : at.name}.`],
        copiesTo: ['Như Điều 3', 'Ban Thi đua - Khen thưởng', 'Lưu: VT'],
      },
    };
  }

  return {
    async submission(p: Principal, campaignId: string, form: string, granting: string, format: 'docx' | 'xlsx'): Promise<RenderedFile> {
      const doc = await submissionDoc(p, campaignId, form, granting);
      const name = fileName(`to-trinh-khen-thuong-${campaignId}-${form}-${granting}`, format);
      return format === 'docx' ? { name, type: DOCX, body: await submissionDocx(doc) } : { name, type: XLSX, body: await recipientsXlsx(doc) };
    },
    async decision(p: Principal, id: number, format: 'docx' | 'xlsx'): Promise<RenderedFile> {
      const { doc } = await decisionDoc(p, id);
      const name = fileName(`quyet-dinh-khen-thuong-${doc.number}`, format);
      return format === 'docx' ? { name, type: DOCX, body: await decisionDocx(doc) } : { name, type: XLSX, body: await recipientsXlsx(doc) };
    },
    /** Every recipient's certificate, or one nomination's (404 when the decision does not hold it). */
    async certificates(p: Principal, id: number, nomination?: number): Promise<RenderedFile> {
      const { doc, nominations } = await decisionDoc(p, id);
      if (doc.recipients.length === 0) throw problems.rewardDecisionNotFound.id(id);
      let only: number[] | undefined;
      if (nomination !== undefined) {
        const index = nominations.findIndex((n) => n.number === nomination);
        if (index < 0) throw problems.nominationNotFound.number(nomination);
        only = [index];
      }
      const name = fileName(
        `${doc.documentName === 'Bằng khen' ? 'bang-khen' : 'giay-khen'}-${doc.number}${nomination === undefined ? '' : `-${nomination}`}`,
        'pdf',
      );
      return { name, type: PDF, body: await certificatesPdf(doc, only) };
    },
  };
}
