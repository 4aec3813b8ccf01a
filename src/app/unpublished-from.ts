import { addDays } from '../core/time/local-date.ts';
import { publishedReach } from '../store/assessment-reach.ts';
import { lastPublishedVersion, publicationCursor } from '../store/assessment-store.ts';
import { cursorPosition, readChanges } from '../store/change-feed-store.ts';
import type { Store } from '../store/database.ts';

/** Feed entries that never change an assessment: the publications' own announcements and what is derived from them. */
const NOT_ASSESSED = new Set(['levels', 'standings', 'campaign']);

/**
 * The first date whose assessments may differ from what a rulebook's publications hold, for a
 * full recompute (a start, a reload) through feed position `through`; null when every date must
 * be compared. The store holds the levels as of the rulebook's publication cursor, and levels
 * before a change's first date cannot change (windows only look back), so the earliest date
 * named by the entries since — new data, an analyst input, a new day — bounds the work, and so
 * does the first date never published (the clock moved on). A restart with nothing new then
 * explains nothing instead of every unit on every date (issue 16: 2,218 units × 30 days, over
 * 2 s, for no new row). Anything it cannot bound compares everything: no publication yet, another
 * rulebook version than the stored rows', a geography import, an entry of a kind it does not know.
 * What it trusts is what instances publishing in turn already trust: the cursor stands where the
 * stored levels reflect every change before it. And reasons worded anew by a release under the
 * same rulebook version reach the store with each date's next change, not all at once on start.
 */
export async function unpublishedFrom(store: Store, rulebook: { id: string; version: string }, through: number): Promise<string | null> {
  const db = store.db;
  const [cursor, version, reach] = await Promise.all([
    cursorPosition(db, publicationCursor(rulebook.id)),
    lastPublishedVersion(db, rulebook.id),
    publishedReach(db, rulebook.id),
  ]);
  if (cursor === null || reach === null || version !== rulebook.version) return null;
  let from = addDays(reach, 1);
  for (let after = cursor; after < through;) {
    const entries = await readChanges(db, after);
    if (entries.length === 0) break;
    for (const entry of entries) {
      if (entry.id > through) break;
      if (NOT_ASSESSED.has(entry.kind)) continue;
      const date = firstDateOf(entry.kind, entry.payload);
      if (date === null) return null;
      if (date < from) from = date;
    }
    after = entries[entries.length - 1].id;
  }
  return from;
}

/** The first date a feed entry can change assessments on, or null when it cannot be bounded (a geography import, an unknown kind). */
function firstDateOf(kind: string, payload: unknown): string | null {
  const { from, date } = (payload ?? {}) as { from?: unknown; date?: unknown };
  const first = kind === 'cube' || kind === 'analyst' ? from : kind === 'day' ? date : null;
  return typeof first === 'string' ? first : null;
}
