import type { CampaignStrings } from './strings.ts';

/**
 * Small texts of a standings row. Each carries words as well as a sign or an arrow, so no
 * meaning rests on colour or a symbol alone. Pure.
 */
export function rankChangeText(change: number | null, s: CampaignStrings): { symbol: string; words: string; trend: 'up' | 'down' | 'same' | 'new' } {
  if (change === null) return { symbol: '—', words: s.newRank, trend: 'new' };
  if (change > 0) return { symbol: `▲ ${change}`, words: s.up(change), trend: 'up' };
  if (change < 0) return { symbol: `▼ ${-change}`, words: s.down(-change), trend: 'down' };
  return { symbol: '=', words: s.same, trend: 'same' };
}

export function reductionText(reduction: number | null, s: CampaignStrings): string {
  if (reduction === null) return '—';
  if (reduction > 0) return `+${reduction} (${s.lowered(reduction)})`;
  if (reduction < 0) return `${reduction} (${s.raised(-reduction)})`;
  return `0 (${s.unchanged})`;
}

/** "+25" / "−5" / "±0" percentage points. */
export function signedPoints(change: number, lang: 'vi' | 'en'): string {
  const points = Math.round(change * 1000) / 10;
  const text = Math.abs(points).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  const unit = lang === 'vi' ? ' điểm %' : ' pts';
  if (points > 0) return `+${text}${unit}`;
  if (points < 0) return `−${text}${unit}`;
  return `±0${unit}`;
}
