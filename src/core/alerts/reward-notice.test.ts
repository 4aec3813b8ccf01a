import { describe, expect, it } from 'vitest';

import { rewardChangeOf, rewardNotice } from './reward-notice.ts';

const CHANGE = {
  type: 'reward.nomination',
  nomination: 7,
  campaign: 'c',
  status: 'proposed',
  unit: '26740',
  grantingUnit: '79',
  proposedBy: '26740',
  date: '2021-07-20',
  step: 1,
};
const CITY = { code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'city' };
const WARD = { code: '26740', name: 'Phường Bến Nghé', kind: 'ward' };

describe('reward notices', () => {
  it('tells the granting unit’s Board of a proposal, and the proposing committee of a return with its reason', () => {
    const proposed = rewardNotice(rewardChangeOf(CHANGE)!, CITY, 'Phường Bến Nghé')!;
    expect(proposed).toMatchObject({ key: 'reward:7:1:proposed', unit: '79', audience: ['reward_officer', 'admin'], rule: 'reward' });
    const returned = rewardNotice(rewardChangeOf({ ...CHANGE, status: 'returned', step: 2, reason: 'Bổ sung chức vụ' })!, WARD, 'Phường Bến Nghé')!;
    expect(returned).toMatchObject({ key: 'reward:7:2:returned', unit: '26740', audience: ['committee', 'admin'] });
    expect(returned.message.vi).toContain('bị trả lại để bổ sung: Bổ sung chức vụ');
    expect(returned.message.en).toContain('returned for correction');
  });

  it('tells nobody of a withdrawal, and ignores entries of another shape', () => {
    expect(rewardNotice(rewardChangeOf({ ...CHANGE, status: 'withdrawn' })!, WARD, 'x')).toBeNull();
    expect(rewardChangeOf({ type: 'reward.scheme' })).toBeNull();
    expect(rewardChangeOf({ ...CHANGE, date: 'yesterday' })).toBeNull();
  });
});
