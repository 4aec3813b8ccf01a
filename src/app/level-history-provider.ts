import { type LevelHistory, type LevelHistoryProvider, type PublishedLevelHistory, publishedLevelHistory } from '../core/campaign/level-history.ts';
import type { Rulebook } from '../core/rules/rulebook.ts';
import { levelReaches } from '../store/assessment-reach.ts';
import type { Store } from '../store/database.ts';
import { levelPublications } from '../store/level-publications.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { LevelsChanged, RiskService } from './risk-service.ts';

/**
 * Campaign scoring's view of the levels, read from the published assessments (append-only), so
 * "as published at T" is exactly what people saw at T and an official cut frozen late equals one
 * frozen on time. The "as known now" view is read once, then kept current from the engine's
 * announcements on the change feed (whichever instance published): each one names the units it
 * published and the first date, and only their publications from that date are read and applied.
 */
export function levelHistoryProvider(store: Store, risk: RiskService, feed: ChangeFeed): { provider: LevelHistoryProvider; close: () => void } {
  const current = new Map<string, Promise<PublishedLevelHistory>>();
  const unsubscribe = feed.on('levels', (entry) => {
    const change = appliable(entry.payload);
    // An announcement that does not say what it changed: read everything again when next asked.
    if (!change) return current.clear();
    const held = current.get(change.rulebook);
    if (!held) return;
    // Chained, so changes apply in the order announced; installed at once, so whoever asks
    // after the announcement gets the view with it.
    const next = held.then(async (history) =>
      history.withPublications(await levelPublications(store.db, change.rulebook, { units: Object.keys(change.levels), from: change.from }), [
        // The announcement's date is the engine's "now": levels reach it, carried where no row changed.
        { date: change.date, publishedAt: change.computedAt },
      ]),
    );
    next.catch(() => current.get(change.rulebook) === next && current.delete(change.rulebook));
    current.set(change.rulebook, next);
  });
  const load = async (rulebook: string, asOf?: Date): Promise<PublishedLevelHistory> => {
    const book = risk.rulebook(rulebook);
    if (!book) throw new RangeError(`no rulebook ${rulebook}`);
    await risk.idle();
    return publishedLevelHistory(
      rulebook,
      book.states.map((s) => ({ id: s.id, vi: s.name.vi, en: s.name.en })),
      await levelPublications(store.db, rulebook, { asOf }),
      asOf,
      await levelReaches(store.db, rulebook, asOf),
    );
  };
  const provider: LevelHistoryProvider = (rulebook, asOf): Promise<LevelHistory> => {
    if (asOf) return load(rulebook, asOf);
    let held = current.get(rulebook);
    if (!held) {
      held = load(rulebook);
      const loading = held;
      loading.catch(() => current.get(rulebook) === loading && current.delete(rulebook));
      current.set(rulebook, held);
    }
    return held;
  };
  return { provider, close: unsubscribe };
}

/**
 * The same view read straight from the store at each call, for a process that runs no risk
 * engine (the CLI): what is published is what the engine of any other process committed.
 */
export function storedLevelHistoryProvider(store: Store, rulebooks: readonly Rulebook[]): LevelHistoryProvider {
  return async (rulebook, asOf) => {
    const book = rulebooks.find((b) => b.id === rulebook);
    if (!book) throw new RangeError(`no rulebook ${rulebook}`);
    const states = book.states.map((s) => ({ id: s.id, vi: s.name.vi, en: s.name.en }));
    return publishedLevelHistory(rulebook, states, await levelPublications(store.db, rulebook, { asOf }), asOf, await levelReaches(store.db, rulebook, asOf));
  };
}

/** The announcement as a change to apply, when it says which rulebook, units and first date it covers. */
function appliable(message: unknown): Pick<LevelsChanged, 'rulebook' | 'from' | 'levels' | 'date' | 'computedAt'> | null {
  const m = message as Partial<LevelsChanged>;
  if (m.type !== 'levels.changed' || typeof m.rulebook !== 'string' || typeof m.from !== 'string' || !m.levels || typeof m.levels !== 'object') return null;
  if (typeof m.date !== 'string' || typeof m.computedAt !== 'string') return null;
  return { rulebook: m.rulebook, from: m.from, levels: m.levels, date: m.date, computedAt: m.computedAt };
}
