import { describe, expect, it } from 'vitest';

import { type Campaign, parseCampaign } from '../campaign/campaign.ts';
import { activeCampaign } from './active-campaign.ts';

const campaign = (id: string, start: string, end: string): Campaign =>
  parseCampaign({ id, name: id, start: `${start}T00:00:00+07:00`, end: `${end}T00:00:00+07:00`, groups: ['ward'], rulebook: 'vn-2686' });

describe('the active campaign', () => {
  const july = campaign('july', '2021-07-09', '2021-07-24');
  const august = campaign('august', '2021-08-01', '2021-08-16');

  it('is the one running now', () => {
    expect(activeCampaign([august, july], new Date('2021-07-15T00:00:00Z'))?.id).toBe('july');
    expect(activeCampaign([july, august], new Date('2021-08-02T00:00:00Z'))?.id).toBe('august');
  });

  it('is the latest that has started when none runs, and none before any has', () => {
    expect(activeCampaign([july, august], new Date('2021-07-28T00:00:00Z'))?.id).toBe('july');
    expect(activeCampaign([july, august], new Date('2021-09-01T00:00:00Z'))?.id).toBe('august');
    expect(activeCampaign([july, august], new Date('2021-07-01T00:00:00Z'))).toBeNull();
    expect(activeCampaign([], new Date())).toBeNull();
  });
});
