import { describe, expect, it } from 'vitest';

import { rankChangeText, reductionText, signedPoints } from './row-format.ts';
import { CAMPAIGN_STRINGS } from './strings.ts';

const { vi, en } = CAMPAIGN_STRINGS;

describe('standings row texts', () => {
  it.each([
    [3, '▲ 3', 'lên 3 hạng', 'up 3'],
    [-2, '▼ 2', 'xuống 2 hạng', 'down 2'],
    [0, '=', 'giữ hạng', 'same rank'],
    [null, '—', 'chưa có hạng trước', 'no earlier rank'],
  ])('rank change %s reads "%s" with words in both languages', (change, symbol, wordsVi, wordsEn) => {
    expect(rankChangeText(change, vi)).toMatchObject({ symbol, words: wordsVi });
    expect(rankChangeText(change, en).words).toBe(wordsEn);
  });

  it('says whether levels went down or up', () => {
    expect(reductionText(2, vi)).toBe('+2 (giảm 2 mức)');
    expect(reductionText(-1, en)).toBe('-1 (raised 1)');
    expect(reductionText(0, vi)).toBe('0 (không đổi)');
    expect(reductionText(null, vi)).toBe('—');
  });

  it('writes share changes as signed percentage points', () => {
    expect(signedPoints(0.25, 'en')).toBe('+25 pts');
    expect(signedPoints(-0.0512, 'vi')).toBe('−5,1 điểm %');
    expect(signedPoints(0, 'vi')).toBe('±0 điểm %');
  });
});
