import { describe, expect, it } from 'vitest';

import { validateCampaign } from './campaign.ts';
import { campaignDates, cutInstant, dueCutDates } from './campaign-clock.ts';

const demo = {
  id: 'hcmc-2021-vung-xanh',
  name: 'Mở rộng vùng xanh trên bản đồ COVID-19',
  start: '2021-07-09T00:00:00+07:00',
  end: '2021-07-24T00:00:00+07:00',
  groups: ['neighbourhood', 'ward', 'district'],
  rulebook: 'vn-2686',
};

describe('campaign definition', () => {
  it('fills in the defaults: all green, default scoring, 18:00 cut, both reward criteria', () => {
    const result = validateCampaign(demo);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.campaign).toEqual({
      ...demo,
      nameEn: null,
      start: '2021-07-08T17:00:00.000Z',
      end: '2021-07-23T17:00:00.000Z',
      goal: { state: 0, share: 1, kind: 'neighbourhood' },
      scoring: ['current', 'reduction', 'firstGreen', 'daysGreen', 'casesPer100k'],
      cutTime: '18:00',
      rewards: { reachedGreen: true, heldGreen: true },
    });
    expect(campaignDates(result.campaign)).toHaveLength(15);
    expect(campaignDates(result.campaign)[14]).toBe('2021-07-23');
    expect(cutInstant(result.campaign, '2021-07-09').toISOString()).toBe('2021-07-09T11:00:00.000Z');
    expect(dueCutDates(result.campaign, new Date('2021-07-11T11:00:00Z'))).toEqual(['2021-07-09', '2021-07-10', '2021-07-11']);
    expect(dueCutDates(result.campaign, new Date('2021-07-11T10:59:59Z'))).toEqual(['2021-07-09', '2021-07-10']);
  });

  it('keeps an override of the scoring order and appends the keys it leaves out', () => {
    const result = validateCampaign({ ...demo, scoring: ['daysGreen', 'current'] });
    expect(result.ok && result.campaign.scoring).toEqual(['daysGreen', 'current', 'reduction', 'firstGreen', 'casesPer100k']);
  });

  it.each([
    ['a missing name', { ...demo, name: undefined }, 'name'],
    ['an instant without offset', { ...demo, start: '2021-07-09T00:00:00' }, 'start'],
    ['an impossible instant', { ...demo, start: '2021-02-30T00:00:00+07:00', end: '2021-13-01T00:00:00+07:00' }, 'end'],
    ['an end before the start', { ...demo, end: '2021-07-01T00:00:00+07:00' }, 'end'],
    ['a campaign of more than a year', { ...demo, end: '2023-07-24T00:00:00+07:00' }, 'end'],
    ['no groups', { ...demo, groups: [] }, 'groups'],
    ['a group twice', { ...demo, groups: ['ward', 'ward'] }, 'groups'],
    ['an unknown scoring key', { ...demo, scoring: ['current', 'luck'] }, 'scoring.1'],
    ['a scoring key twice', { ...demo, scoring: ['current', 'current'] }, 'scoring'],
    ['a cut time of 25:00', { ...demo, cutTime: '25:00' }, 'cutTime'],
    ['a goal share above 1', { ...demo, goal: { state: 0, share: 1.5 } }, 'goal.share'],
    ['an unknown field', { ...demo, colour: 'green' }, 'colour'],
    ['an id with spaces', { ...demo, id: 'vung xanh' }, 'id'],
  ])('rejects %s, naming the field', (_label, input, field) => {
    const result = validateCampaign(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toContain(field);
  });
});

describe('campaign input round trip', () => {
  it('gives back the same campaign when its input form is validated again', async () => {
    const { campaignInput, parseCampaign } = await import('./campaign.ts');
    const withEnglish = parseCampaign({ ...demo, nameEn: 'Expand the green zone', scoring: ['reduction'], goal: { state: 1, share: 0.9 } });
    expect(parseCampaign(campaignInput(withEnglish))).toEqual(withEnglish);
    const plain = parseCampaign(demo);
    expect(parseCampaign(campaignInput(plain))).toEqual(plain);
  });
});
