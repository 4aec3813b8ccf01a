import { type Campaign, parseCampaign } from '../../src/core/campaign/campaign.ts';
import type { PublishedLevel } from '../../src/core/campaign/level-history.ts';
import type { Unit } from '../../src/core/geo/unit.ts';
import { addDays } from '../../src/core/time/local-date.ts';

/**
 * A small city for campaign tests: two districts of three wards each, and the 2021 campaign's
 * dates. Level strings give one character per date from 8 July (the day before the start):
 * a digit is a level, '.' is no data.
 */
export const CITY: Unit[] = [
  unit('79', 'Thành phố Hồ Chí Minh', 'city', null, 9_000_000),
  unit('760', 'Quận 1', 'district', '79', 60_000),
  unit('769', 'Thành phố Thủ Đức', 'district', '79', 90_000),
  unit('26734', 'Phường Tân Định', 'ward', '760', 10_000),
  unit('26737', 'Phường Đa Kao', 'ward', '760', 20_000),
  unit('26740', 'Phường Bến Nghé', 'ward', '760', 30_000),
  unit('26800', 'Phường Linh Xuân', 'ward', '769', 40_000),
  unit('26803', 'Phường Bình Chiểu', 'ward', '769', 30_000),
  unit('26806', 'Phường Linh Trung', 'ward', '769', 20_000),
];

export function unit(code: string, name: string, kind: string, parentCode: string | null, population: number | null): Unit {
  return { code, name, kind, parentCode, population, validFrom: '2020-01-01', validTo: null };
}

export const CAMPAIGN: Campaign = parseCampaign({
  id: 'test-2021',
  name: 'Mở rộng vùng xanh trên bản đồ COVID-19',
  start: '2021-07-09T00:00:00+07:00',
  end: '2021-07-24T00:00:00+07:00',
  groups: ['ward', 'district'],
  rulebook: 'vn-2686',
  cutTime: '18:00',
});

export const DAY_BEFORE = '2021-07-08';

/** Publications for levels written as strings from 8 July, all published at `publishedAt`. */
export function publish(series: Record<string, string>, publishedAt = '2021-07-01T00:00:00Z'): PublishedLevel[] {
  const out: PublishedLevel[] = [];
  for (const [code, text] of Object.entries(series)) {
    [...text].forEach((ch, i) => {
      if (ch === '.' || ch === ' ') return;
      out.push({ unit: code, date: addDays(DAY_BEFORE, i), level: Number(ch), publishedAt });
    });
  }
  return out;
}

/** The date `n` days after the campaign's first date (0 = 9 July 2021). */
export function day(n: number): string {
  return addDays('2021-07-09', n);
}
