import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { SHIPPED_ALERT_RULES } from '../../files/alert-rules-file.ts';
import { AlertRulesError, parseAlertRules, type RuleOf, rulesOf } from './alert-rules.ts';
import { appealChangeOf, appealNotice } from './appeal-notice.ts';
import { campaignBehindPace, paceOn } from './campaign-behind-pace.ts';
import { firstUnknownSource } from './first-unknown-source.ts';
import { levelRose } from './level-rose.ts';
import { redForDays } from './red-for-days.ts';
import { staleData } from './stale-data.ts';

const WARD = { code: '26740', name: 'Phường Bến Nghé', kind: 'ward' };
const DISTRICT = { code: '760', name: 'Quận 1', kind: 'district' };
const STATES = [
  { vi: 'Bình thường mới', en: 'New normal' },
  { vi: 'Nguy cơ', en: 'Risk' },
  { vi: 'Nguy cơ cao', en: 'High risk' },
  { vi: 'Nguy cơ rất cao', en: 'Very high risk' },
];

describe('the alert rules file', () => {
  it('ships valid, with one rule of every kind', () => {
    const rules = parseAlertRules(readFileSync(SHIPPED_ALERT_RULES, 'utf8'));
    expect(new Set(rules.rules.map((r) => r.kind))).toEqual(
      new Set(['level_rose', 'first_unknown_source', 'red_for_days', 'stale_data', 'campaign_behind_pace']),
    );
    expect(rulesOf(rules, 'red_for_days')[0].days).toBe(7);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an unknown kind', '{"version":"1","rules":[{"id":"x","kind":"moon_phase","severity":"info"}]}', /\/rules\/0/],
    ['a missing parameter', '{"version":"1","rules":[{"id":"x","kind":"red_for_days","unitKinds":["ward"],"severity":"info"}]}', /\/rules\/0/],
    ['zero days', '{"version":"1","rules":[{"id":"x","kind":"stale_data","unitKinds":["ward"],"days":0,"severity":"info"}]}', /\/rules\/0/],
    ['a bad severity', '{"version":"1","rules":[{"id":"x","kind":"level_rose","unitKinds":["ward"],"severity":"loud"}]}', /\/rules\/0/],
    [
      'an id used twice',
      '{"version":"1","rules":[{"id":"x","kind":"level_rose","unitKinds":["ward"],"severity":"info"},{"id":"x","kind":"level_rose","unitKinds":["ward"],"severity":"info"}]}',
      /\/rules\/1\/id: x is used twice/,
    ],
  ])('refuses %s, naming where', (_, text, fault) => {
    expect(() => parseAlertRules(text, 'f.json')).toThrow(AlertRulesError);
    expect(() => parseAlertRules(text, 'f.json')).toThrow(fault);
  });
});

describe('level_rose', () => {
  const rule: RuleOf<'level_rose'> = { id: 'level-rose', kind: 'level_rose', unitKinds: ['ward'], severity: 'warning' };
  it.each([
    [1, 2, true],
    [0, 3, true],
    [2, 2, false],
    [3, 2, false],
    [null, 3, false],
  ])('from %s to %s fires: %s', (previous, level, fires) => {
    const alert = levelRose(rule, { unit: WARD, date: '2021-07-12', level, previous, states: STATES });
    expect(alert !== null).toBe(fires);
    if (alert) {
      expect(alert.key).toBe('level-rose:26740:2021-07-12');
      expect(alert.message.vi).toContain('12/07/2021');
      expect(alert.message.en).toContain(`to ${STATES[level].en}`);
    }
  });
  it('watches only its unit kinds', () => {
    expect(levelRose(rule, { unit: DISTRICT, date: '2021-07-12', level: 3, previous: 0, states: STATES })).toBeNull();
  });
});

describe('first_unknown_source', () => {
  const rule: RuleOf<'first_unknown_source'> = { id: 'fus', kind: 'first_unknown_source', unitKinds: ['ward'], days: 14, severity: 'warning' };
  it.each([
    [1, 0, true],
    [3, 0, true],
    [0, 0, false],
    [1, 1, false],
  ])('%s unknown-source cases on the day, %s in the 14 days before: fires %s', (onDate, before, fires) => {
    const alert = firstUnknownSource(rule, { unit: WARD, date: '2021-07-12', onDate, before });
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert.key).toBe('fus:26740:2021-07-12');
  });
  it('watches only its unit kinds', () => {
    expect(firstUnknownSource(rule, { unit: DISTRICT, date: '2021-07-12', onDate: 1, before: 0 })).toBeNull();
  });
});

describe('red_for_days', () => {
  const rule: RuleOf<'red_for_days'> = { id: 'red-3', kind: 'red_for_days', unitKinds: ['ward'], days: 3, severity: 'critical' };
  it.each([
    [[0, 3, 3], false],
    [[0, 3, 3, 3], true],
    [[3, 3, 3], true],
    [[3, 3, 3, 3, 2], false],
    [[3, 3, null, 3, 3], false],
  ])('levels %j fire: %s', (levels, fires) => {
    const alert = redForDays(rule, { unit: WARD, date: '2021-07-12', levels, red: 3 });
    expect(alert !== null).toBe(fires);
  });
  it('keys a run by its first red day, so a long run raises one alert', () => {
    const day4 = redForDays(rule, { unit: WARD, date: '2021-07-12', levels: [0, 3, 3, 3], red: 3 });
    const day5 = redForDays(rule, { unit: WARD, date: '2021-07-13', levels: [0, 3, 3, 3, 3], red: 3 });
    expect(day4?.key).toBe('red-3:26740:2021-07-10');
    expect(day5?.key).toBe(day4?.key);
  });
});

describe('stale_data', () => {
  const rule: RuleOf<'stale_data'> = { id: 'stale', kind: 'stale_data', unitKinds: ['district'], days: 3, severity: 'info' };
  it.each([
    ['2021-07-07', '2021-07-10', true],
    ['2021-07-08', '2021-07-10', false],
    ['2021-07-07', '2021-07-07', false],
    [null, '2021-07-10', false],
    ['2021-07-07', null, false],
  ])('last data %s, others %s, on 10/07 with 3 days: fires %s', (lastData, othersLastData, fires) => {
    const alert = staleData(rule, { unit: DISTRICT, date: '2021-07-10', lastData, othersLastData });
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert.key).toBe(`stale:760:${lastData}`);
  });
});

describe('campaign_behind_pace', () => {
  const rule: RuleOf<'campaign_behind_pace'> = { id: 'pace', kind: 'campaign_behind_pace', tolerance: 0.05, severity: 'warning' };
  const dates = ['2021-07-09', '2021-07-10', '2021-07-11', '2021-07-12', '2021-07-13'];
  const campaign = { id: 'c', name: 'Chiến dịch', nameEn: 'Campaign', goalShare: 0.8 };
  const input = (date: string, share: number) => ({ campaign, unit: { code: '79', name: 'TP.HCM', kind: 'city' }, dates, date, shareAtStart: 0.4, share });
  it('paces in a straight line from the first day’s share to the goal on the last', () => {
    expect(paceOn(dates, '2021-07-09', 0.4, 0.8)).toBeCloseTo(0.4);
    expect(paceOn(dates, '2021-07-11', 0.4, 0.8)).toBeCloseTo(0.6);
    expect(paceOn(dates, '2021-07-13', 0.4, 0.8)).toBeCloseTo(0.8);
    expect(paceOn(dates, '2021-08-01', 0.4, 0.8)).toBeNull();
  });
  it.each([
    ['2021-07-11', 0.54, true],
    ['2021-07-11', 0.56, false],
    ['2021-07-11', 0.6, false],
    ['2021-07-09', 0.1, false],
    ['2021-08-01', 0.1, false],
  ])('on %s with a share of %s fires: %s', (date, share, fires) => {
    const alert = campaignBehindPace(rule, input(date, share));
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert.key).toBe(`pace:c:${date}`);
  });
});

describe('appeal notices', () => {
  it('reads the appeals workflow’s feed entries and refuses other shapes', () => {
    expect(appealChangeOf({ type: 'appeal.filed', appeal: 4, unit: '26740', date: '2021-07-12', status: 'open' })).toEqual({
      type: 'appeal.filed',
      appeal: 4,
      unit: '26740',
      date: '2021-07-12',
      status: 'open',
    });
    expect(appealChangeOf({ type: 'appeal.other', appeal: 4, unit: '26740', date: '2021-07-12', status: 'open' })).toBeNull();
    expect(appealChangeOf({ type: 'appeal.filed', appeal: '4', unit: '26740', date: '2021-07-12', status: 'open' })).toBeNull();
    expect(appealChangeOf(null)).toBeNull();
  });
  it('goes to analysts when filed, to committees when decided', () => {
    const filed = appealNotice({ type: 'appeal.filed', appeal: 4, unit: '26740', date: '2021-07-12', status: 'open' }, WARD);
    const decided = appealNotice({ type: 'appeal.decided', appeal: 4, unit: '26740', date: '2021-07-12', status: 'accepted' }, WARD);
    expect(filed.audience).toEqual(['analyst', 'admin']);
    expect(decided.audience).toEqual(['committee', 'admin']);
    expect(filed.key).not.toBe(decided.key);
    expect(decided.message.vi).toContain('12/07/2021');
  });
});
