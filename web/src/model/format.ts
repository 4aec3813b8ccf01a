/** dd/mm/yyyy (and dd/mm/yyyy hh:mm on the city's clock), as dates are read in Vietnam, in either language: the core's, shared with the server. */
export { displayDate, displayDateTime } from '../../../src/core/time/local-date.ts';
import { displayDate, localDate } from '../../../src/core/time/local-date.ts';

// Formatters are made once and kept: making one (what toLocaleString does at every call) costs far
// more than formatting with it, and the legend and the table format hundreds of numbers.
const locale = (lang: 'vi' | 'en') => (lang === 'vi' ? 'vi-VN' : 'en-GB');
let timeFormat: Intl.DateTimeFormat | undefined;
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: 'vi' | 'en', kind: 'integer' | 'percent'): Intl.NumberFormat {
  const key = `${lang}:${kind}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale(lang), kind === 'percent' ? { maximumFractionDigits: 1 } : {})));
  return format;
}

/** hh:mm:ss in Asia/Ho_Chi_Minh. */
export function displayTime(instant: Date): string {
  timeFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return timeFormat.format(instant);
}

/** dd/mm/yyyy hh:mm:ss on the city's clock: when a live page last heard news, which may be another day. */
export function displayDateTimeSeconds(instant: Date): string {
  return `${displayDate(localDate(instant))} ${displayTime(instant)}`;
}

export function displayNumber(n: number, lang: 'vi' | 'en'): string {
  return numberFormat(lang, 'integer').format(n);
}

export function displayPercent(share: number, lang: 'vi' | 'en'): string {
  return numberFormat(lang, 'percent').format(share * 100) + '%';
}
