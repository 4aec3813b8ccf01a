/** Local dates as day numbers, so the engine indexes arrays instead of comparing strings. */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a local date YYYY-MM-DD (the date is a calendar label, so UTC arithmetic is exact). */
export function dayNumber(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a date (YYYY-MM-DD): ${date}`);
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(ms / MS_PER_DAY);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar arithmetic lives with the other local-date helpers; the engine's modules import it from here too. */
export { addDays } from '../time/local-date.ts';

/** dd/mm, the short form reasons use for window bounds ("05/07–18/07"). */
export function shortDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

/** The engine's calendar: `length` consecutive dates from `start`. */
export class DayAxis {
  private readonly startNumber: number;
  /**
   * Dates on the axis, filled as they are asked for: publishing explains every unit on every
   * date, and each explanation names its date and window bounds several times over: building the
   * string anew each time (a Date and toISOString) took 230 ms in a profile of the API benchmark.
   */
  private readonly dates: string[] = [];

  constructor(
    readonly start: string,
    readonly length: number,
  ) {
    this.startNumber = dayNumber(start);
  }

  /** Index of a date; may fall outside [0, length). */
  index(date: string): number {
    return dayNumber(date) - this.startNumber;
  }

  date(index: number): string {
    if (index >= 0 && index < this.length) return (this.dates[index] ??= dateOfDayNumber(this.startNumber + index));
    return dateOfDayNumber(this.startNumber + index);
  }

  get end(): string {
    return this.date(this.length - 1);
  }
}
