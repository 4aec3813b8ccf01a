import { describe, expect, it } from 'vitest';

import { dateInWords, placeDateLine } from '../administrative-layout.ts';
import type { RewardDocument, RewardRecipient } from './reward-documents.ts';
import { addresseeInSentence, authorityLine, countPhrase } from './reward-wording.ts';

const city = { superior: 'ỦY BAN NHÂN DÂN', name: 'THÀNH PHỐ HỒ CHÍ MINH', place: 'Thành phố Hồ Chí Minh' };
const doc = (title: string, extra: Partial<RewardDocument> = {}): RewardDocument => ({
  issuer: city,
  number: '1/QĐ-UBND',
  date: '2021-07-25',
  formName: 'Bằng khen',
  documentName: 'Bằng khen',
  campaignName: 'đợt thi đua',
  signer: { title, name: 'Nguyễn Văn A' },
  recipients: [],
  grounds: [],
  copiesTo: [],
  ...extra,
});
const person = (subject: RewardRecipient['subject']): RewardRecipient => ({ subject, name: 'x', position: null, unitName: 'y', achievement: 'z' });

describe('who grants', () => {
  it('is the chairman of the body when the chairman or a deputy for the chairman signs', () => {
    expect(authorityLine(doc('CHỦ TỊCH'))).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
    expect(authorityLine(doc('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH'))).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
    expect(authorityLine(doc('Chủ tịch'))).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
  });

  it('is the body itself when signed on its behalf (TM.)', () => {
    expect(authorityLine(doc('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH'))).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH');
  });

  it('has no superior line when the issuer has none', () => {
    expect(authorityLine(doc('CHỦ TỊCH', { issuer: { superior: null, name: 'ỦY BAN NHÂN DÂN QUẬN 1', place: 'Quận 1' } }))).toBe(
      'CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN 1',
    );
  });
});

describe('wording', () => {
  it('counts collectives and individuals, leaving a zero part out', () => {
    expect(countPhrase([person('collective'), person('collective'), person('individual')])).toBe('2 tập thể và 1 cá nhân');
    expect(countPhrase([person('individual')])).toBe('1 cá nhân');
    expect(countPhrase([person('collective')])).toBe('1 tập thể');
  });

  it('writes the date as Decree 30 asks: a leading 0 for days below 10 and for January and February', () => {
    expect(placeDateLine('Thành phố Hồ Chí Minh', '2021-07-25')).toBe('Thành phố Hồ Chí Minh, ngày 25 tháng 7 năm 2021');
    expect(placeDateLine('Quận 1', '2022-02-05')).toBe('Quận 1, ngày 05 tháng 02 năm 2022');
    expect(placeDateLine('Quận 1', '2021-12-01')).toBe('Quận 1, ngày 01 tháng 12 năm 2021');
    expect(dateInWords('2021-07-25')).toBe('ngày 25 tháng 7 năm 2021');
  });

  it('takes the addressee into a sentence without "Kính gửi:"', () => {
    expect(addresseeInSentence(doc('x', { addressee: 'Kính gửi: Chủ tịch Ủy ban nhân dân Thành phố' }))).toBe('Chủ tịch Ủy ban nhân dân Thành phố');
    expect(addresseeInSentence(doc('x'))).toBe('cấp có thẩm quyền');
  });
});
