import { ISO_DATE } from '../time/local-date.ts';

/**
 * The live stream's `bulletin` event (issue #20 item 1, DESIGN.md §6): the bulletins of the dates
 * `from` to `date` may read differently now. Sent beside the change-feed entry that changed them —
 * new levels (`levels.changed`: from its first changed date to its latest date) or standings (a
 * cut frozen or corrected, live ranks moved: that date) — so a page showing one of those days
 * reloads it.
 */
export interface BulletinEvent {
  type: 'bulletin.changed';
  from: string;
  date: string;
  /** The latest bulletin touched. */
  href: string;
}

/** The bulletin event a change-feed entry of kind `levels` or `standings` implies, or null. */
export function bulletinEventOf(kind: string, payload: unknown): BulletinEvent | null {
  if (kind !== 'levels' && kind !== 'standings') return null;
  const p = payload as { date?: unknown; from?: unknown } | null;
  const date = typeof p?.date === 'string' && ISO_DATE.test(p.date) ? p.date : null;
  if (date === null) return null;
  const from = kind === 'levels' && typeof p?.from === 'string' && ISO_DATE.test(p.from) && p.from <= date ? p.from : date;
  return { type: 'bulletin.changed', from, date, href: `/api/v1/bulletins/${date}` };
}
