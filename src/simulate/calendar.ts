/**
 * Calendar arithmetic for the simulator on plain day numbers, so the hot loops never build Date
 * objects. Local dates are Ho Chi Minh City dates (UTC+7, no daylight saving).
 */
const DAY_MS = 86_400_000;
const HCMC_OFFSET_MS = 7 * 3_600_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws on anything else. */
export function dayNumber(date: string): number {
  if (!DATE_PATTERN.test(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return ms / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC epoch milliseconds of a local clock time (seconds since local midnight) on a local day. */
export function localInstantMs(day: number, secondOfDay: number): number {
  return day * DAY_MS + secondOfDay * 1000 - HCMC_OFFSET_MS;
}

const utcDates = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** ISO 8601 UTC with milliseconds, as Date#toISOString writes it; cached by day because millions are written. */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = utcDates.get(day);
  if (date === undefined) {
    date = dateOf(day);
    if (utcDates.size > 10_000) utcDates.clear();
    utcDates.set(day, date);
  }
  const rest = ms - day * DAY_MS;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${date}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(millis).padStart(3, '0')}Z`;
}
