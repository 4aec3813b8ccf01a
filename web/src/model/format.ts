/** dd/mm/yyyy (and dd/mm/yyyy hh:mm on the city's clock), as dates are read in Vietnam, in either language: the core's, shared with the server. */
export { displayDate, displayDateTime } from '../../../src/core/time/local-date.ts';

/** hh:mm:ss in Asia/Ho_Chi_Minh. */
export function displayTime(instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(instant);
}

export function displayNumber(n: number, lang: 'vi' | 'en'): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

export function displayPercent(share: number, lang: 'vi' | 'en'): string {
  return (share * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }) + '%';
}
