import { describe, expect, it } from 'vitest';

import { approvalBatches, canApprove, canReview, decisionIds, decisionNumberOk, factsText, submissionTargets } from './reward-model.ts';
import type { Nomination } from './types.ts';

const nomination = (number: number, status: Nomination['status'], extra: Partial<Nomination> = {}): Nomination => ({
  number,
  campaign: 'c',
  schemeVersion: 1,
  subject: 'collective',
  unit: '26740',
  unitName: 'Phường Bến Nghé',
  form: 'bang-khen',
  formName: { vi: 'Bằng khen', en: 'Certificate of Merit' },
  grantingUnit: '79',
  grantingUnitName: 'Thành phố Hồ Chí Minh',
  criterion: 'giu-vung-xanh',
  criterionText: { vi: 'Giữ vùng xanh', en: 'Held green' },
  facts: {},
  summary: '',
  proposedBy: { role: 'committee', unit: '26740' },
  attachments: [],
  status,
  history: [],
  ...extra,
});

describe('the rewards workspace', () => {
  const board = [{ role: 'reward_officer', scope: '79' }];
  const ward = [{ role: 'committee', scope: '26740' }];
  const city = [{ role: 'committee', scope: '79' }];

  it('offers the review to the Board of the granting unit only, and only while proposed', () => {
    expect(canReview(nomination(1, 'proposed'), board)).toBe(true);
    expect(canReview(nomination(1, 'accepted'), board)).toBe(false);
    expect(canReview(nomination(1, 'proposed'), [{ role: 'reward_officer', scope: '760' }])).toBe(false);
    expect(canReview(nomination(1, 'proposed'), ward)).toBe(false);
  });

  it('gathers accepted nominations for the approvers of their granting unit, one batch per form', () => {
    const all = [
      nomination(1, 'accepted'),
      nomination(2, 'accepted', { subject: 'individual' }),
      nomination(3, 'proposed'),
      nomination(4, 'accepted', { form: 'giay-khen', grantingUnit: '760' }),
    ];
    expect(approvalBatches(all, city).map((b) => [b.form, b.grantingUnit, b.nominations.map((n) => n.number)])).toEqual([['bang-khen', '79', [1, 2]]]);
    expect(approvalBatches(all, ward)).toEqual([]);
    expect(canApprove('79', [{ role: 'admin', scope: '79' }])).toBe(true);
  });

  it('finds the decisions through their nominations, newest first, and the submissions through the quotas', () => {
    const d = (id: number) => ({ id, number: `${id}/QĐ-UBND`, date: '2021-07-25' });
    expect(
      decisionIds([
        nomination(1, 'approved', { decision: d(2) }),
        nomination(2, 'published', { decision: d(5) }),
        nomination(3, 'approved', { decision: d(2) }),
      ]),
    ).toEqual([5, 2]);
    const q = (form: string, subject: 'collective' | 'individual') => ({ form, grantingUnit: '79', subject, quota: 30, used: 1 });
    expect(submissionTargets([q('a', 'collective'), q('a', 'individual'), q('b', 'collective')])).toEqual([
      { form: 'a', grantingUnit: '79' },
      { form: 'b', grantingUnit: '79' },
    ]);
  });

  it('says the qualifying facts in both languages, with dates as read in Vietnam', () => {
    const facts = { greenSince: '2021-07-18', daysGreen: 6, reduction: 2, baseline: 3, current: 1, rank: 1 };
    expect(factsText(facts, 'vi')).toBe('Xanh từ 18/07/2021, 6 ngày xanh, giảm 2 cấp (từ cấp 3 còn 1), hạng 1 trong nhóm');
    expect(factsText({ daysGreen: 1 }, 'en')).toBe('1 day green');
    expect(factsText(null, 'en')).toBe('');
  });

  it('takes decision numbers as they are written', () => {
    expect(decisionNumberOk('1234/QĐ-UBND')).toBe(true);
    expect(decisionNumberOk(' 56/QĐ-UBND.TĐKT ')).toBe(true);
    expect(decisionNumberOk('')).toBe(false);
    expect(decisionNumberOk('QĐ 1234')).toBe(false);
  });
});
