/** Every date in the product is a calendar date in Ho Chi Minh City (UTC+7, no daylight saving). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date): string {
  return isoDate.format(instant);
}

/** A local date as people read it in Vietnam: dd/mm/yyyy. */
export function displayDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
