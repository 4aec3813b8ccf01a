import { describe, expect, it } from 'vitest';

import { type CampaignPageState, candidatesQuery, mapLink, readState, standingsQuery, writeState } from './page-state.ts';

const base: CampaignPageState = { lang: 'vi', campaign: null, group: null, district: null, ward: null, official: false, date: null, version: 'cut' };

describe('campaign page state', () => {
  it('round-trips through the URL', () => {
    const state: CampaignPageState = {
      lang: 'en',
      campaign: 'hcmc-2021-vung-xanh',
      group: 'neighbourhood',
      district: '760',
      ward: '26734',
      official: true,
      date: '2021-07-12',
      version: 2,
    };
    expect(readState(writeState(state))).toEqual(state);
    expect(writeState(base)).toBe('');
  });

  it('ignores malformed values instead of sending them to the API', () => {
    expect(readState('?date=12/07/2021&district=<x>&group=Ward!&official=yes&lang=fr')).toEqual(base);
  });

  it('filters wards by parent but narrows the district table to the district itself', () => {
    const s = { ...base, district: '760', date: '2021-07-12', official: true };
    expect(standingsQuery(s, 'ward')).toBe('?group=ward&parent=760&date=2021-07-12&official=true');
    expect(standingsQuery(s, 'district', 'csv')).toBe('?group=district&unit=760&date=2021-07-12&official=true&format=csv');
    expect(standingsQuery(base, 'ward', 'xlsx')).toBe('?group=ward&format=xlsx');
    expect(candidatesQuery(s, 'ward', 'xlsx')).toBe('?group=ward&date=2021-07-12&format=xlsx');
  });

  it('narrows the khu phố and ấp to a ward; the ward filter belongs to that group alone', () => {
    const s = { ...base, district: '760', ward: '26734' };
    expect(standingsQuery(s, 'neighbourhood')).toBe('?group=neighbourhood&parent=26734');
    expect(standingsQuery({ ...s, ward: null }, 'neighbourhood', 'csv')).toBe('?group=neighbourhood&parent=760&format=csv');
    expect(standingsQuery(s, 'ward')).toBe('?group=ward&parent=760');
    expect(writeState({ ...s, group: 'ward' })).toBe('?group=ward&district=760');
    expect(readState('?ward=<x>').ward).toBeNull();
  });

  it("asks for a cut's date as known now, or for one of its corrected cuts", () => {
    const s = { ...base, official: true, date: '2021-07-10' };
    expect(standingsQuery({ ...s, version: 'now' }, 'ward')).toBe('?group=ward&date=2021-07-10');
    expect(standingsQuery({ ...s, version: 1 }, 'ward', 'csv')).toBe('?group=ward&date=2021-07-10&official=true&correction=1&format=csv');
    // Without a date there is no one cut to show a version of.
    expect(standingsQuery({ ...base, official: true, version: 'now' }, 'ward')).toBe('?group=ward&official=true');
    expect(readState('?official=true&date=2021-07-10&version=now').version).toBe('now');
    expect(readState('?version=0').version).toBe('cut');
  });

  it('links a row to its unit on the map, keeping the language', () => {
    expect(mapLink('26734', 'vi')).toBe('/?unit=26734');
    expect(mapLink('760', 'en')).toBe('/?unit=760&lang=en');
  });
});
