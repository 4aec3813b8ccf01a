import { displayDate } from '../time/local-date.ts';
import type { ScoringKey } from './campaign.ts';
import type { LevelState } from './level-history.ts';
import type { ScoreFigures } from './scoring.ts';

export interface Explanation {
  vi: string;
  en: string;
}

export interface Explained extends ScoreFigures {
  name: string;
  /** The name with its parent's where the name alone repeats in the group. */
  label?: string;
}

// Formatters are built once: constructing one per row costs more than the whole ranking.
const NUMBER = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export const NO_DATA_LABEL: Explanation = { vi: 'chưa có dữ liệu', en: 'no data yet' };

/**
 * One line saying why a unit holds its rank: the first unit states what it leads on; every other
 * unit is compared with the one just above it, on the first key where they differ (the key that
 * decided the order), or is told it ties with it.
 */
export function explainRank(
  states: readonly LevelState[],
  rank: number,
  ranked: number,
  row: Explained,
  above: Explained | null,
  decidingKey: ScoringKey | null,
  per100k: Per100kText = exactPer100k,
): Explanation {
  const head = { vi: `Hạng ${rank}/${ranked}`, en: `Rank ${rank} of ${ranked}` };
  const own = summary(states, row);
  if (above === null) return { vi: `${head.vi}: ${own.vi}.`, en: `${head.en}: ${own.en}.` };
  if (decidingKey === null) {
    return {
      vi: `${head.vi}: đồng hạng với ${above.label ?? above.name}, bằng nhau ở mọi tiêu chí; ${own.vi}.`,
      en: `${head.en}: tied with ${above.label ?? above.name} on every criterion; ${own.en}.`,
    };
  }
  const why = reason(states, decidingKey, row, above, per100k);
  return {
    vi: `${head.vi}: sau ${above.label ?? above.name} vì ${why.vi}; ${own.vi}.`,
    en: `${head.en}: below ${above.label ?? above.name} for ${why.en}; ${own.en}.`,
  };
}

export function explainNoData(): Explanation {
  return { vi: 'Chưa có dữ liệu: không xếp hạng.', en: 'No data yet: not ranked.' };
}

function summary(states: readonly LevelState[], row: Explained): Explanation {
  const level =
    row.current === null ? NO_DATA_LABEL : { vi: states[row.current]?.vi ?? String(row.current), en: states[row.current]?.en ?? String(row.current) };
  const parts = { vi: [`mức ${level.vi}`], en: [`level ${level.en}`] };
  if (row.reduction !== null && row.reduction !== 0) {
    parts.vi.push(row.reduction > 0 ? `giảm ${row.reduction} mức` : `tăng ${-row.reduction} mức`);
    parts.en.push(
      row.reduction > 0 ? `lowered ${row.reduction} level${row.reduction > 1 ? 's' : ''}` : `raised ${-row.reduction} level${row.reduction < -1 ? 's' : ''}`,
    );
  }
  if (row.daysGreen > 0) {
    parts.vi.push(`${row.daysGreen} ngày xanh`);
    parts.en.push(`${row.daysGreen} day${row.daysGreen > 1 ? 's' : ''} green`);
  }
  return { vi: parts.vi.join(', '), en: parts.en.join(', ') };
}

/** How a row's cases per 100,000 read in an explanation: exact, or (below the ward, in public) a range from the band of its cases. */
export type Per100kText = (row: Explained, lang: 'vi' | 'en') => string;

function exactPer100k(row: Explained, lang: 'vi' | 'en'): string {
  return row.casesPer100k === null ? (lang === 'vi' ? 'không rõ' : 'unknown') : NUMBER[lang].format(row.casesPer100k);
}

function reason(states: readonly LevelState[], key: ScoringKey, row: Explained, above: Explained, per100k: Per100kText): Explanation {
  const name = (level: number | null, lang: 'vi' | 'en') => (level === null ? NO_DATA_LABEL[lang] : (states[level]?.[lang] ?? String(level)));
  const num = (n: number | null, lang: 'vi' | 'en') => (n === null ? (lang === 'vi' ? 'không rõ' : 'unknown') : NUMBER[lang].format(n));
  const date = (d: string | null, lang: 'vi' | 'en') => (d === null ? (lang === 'vi' ? 'chưa xanh' : 'not yet green') : displayDate(d));
  switch (key) {
    case 'current':
      return {
        vi: `mức hiện tại kém xanh hơn (${name(row.current, 'vi')} so với ${name(above.current, 'vi')})`,
        en: `a less green current level (${name(row.current, 'en')} vs ${name(above.current, 'en')})`,
      };
    case 'reduction':
      return {
        vi: `giảm ít mức hơn (${num(row.reduction, 'vi')} so với ${num(above.reduction, 'vi')})`,
        en: `fewer levels lowered (${num(row.reduction, 'en')} vs ${num(above.reduction, 'en')})`,
      };
    case 'firstGreen':
      return {
        vi: `xanh muộn hơn (${date(row.firstGreenDate, 'vi')} so với ${date(above.firstGreenDate, 'vi')})`,
        en: `turning green later (${date(row.firstGreenDate, 'en')} vs ${date(above.firstGreenDate, 'en')})`,
      };
    case 'daysGreen':
      return {
        vi: `ít ngày xanh hơn (${row.daysGreen} so với ${above.daysGreen})`,
        en: `fewer days green (${row.daysGreen} vs ${above.daysGreen})`,
      };
    case 'casesPer100k':
      return {
        vi: `nhiều ca cộng đồng trên 100.000 dân hơn (${per100k(row, 'vi')} so với ${per100k(above, 'vi')})`,
        en: `more community cases per 100,000 (${per100k(row, 'en')} vs ${per100k(above, 'en')})`,
      };
  }
}
