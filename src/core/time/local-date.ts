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

const localClock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as people read it in Vietnam, on the city's clock: dd/mm/yyyy hh:mm. */
export function displayDateTime(instant: Date): string {
  return `${displayDate(localDate(instant))} ${localClock.format(instant)}`;
}

/** The local date `days` after `date` (negative for before); calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every local date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
