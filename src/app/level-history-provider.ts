import type { Bus } from '../bus/bus.ts';
import { CHANNELS } from '../bus/bus.ts';
import { publishedLevelHistory, type LevelHistory, type LevelHistoryProvider } from '../core/campaign/level-history.ts';
import type { Store } from '../store/database.ts';
import { publishedLevels } from '../store/published-levels.ts';
import type { RiskService } from './risk-service.ts';

/**
 * Campaign scoring's view of the levels, read from the published assessments (append-only), so
 * "as published at T" is exactly what people saw at T and an official cut frozen late equals one
 * frozen on time. The "as known now" view is cached until the engine announces new levels.
 */
export async function levelHistoryProvider(store: Store, risk: RiskService, bus: Bus): Promise<{ provider: LevelHistoryProvider; close: () => void }> {
  const current = new Map<string, Promise<LevelHistory>>();
  const unsubscribe = await bus.subscribe(CHANNELS.levels, () => current.clear());
  const load = async (rulebook: string, asOf?: Date): Promise<LevelHistory> => {
    const book = risk.rulebook(rulebook);
    if (!book) throw new RangeError(`no rulebook ${rulebook}`);
    await risk.idle();
    return publishedLevelHistory(
      rulebook,
      book.states.map((s) => ({ id: s.id, vi: s.name.vi, en: s.name.en })),
      await publishedLevels(store.db, rulebook, asOf),
      asOf,
    );
  };
  const provider: LevelHistoryProvider = (rulebook, asOf) => {
    if (asOf) return load(rulebook, asOf);
    let held = current.get(rulebook);
    if (!held) {
      held = load(rulebook);
      held.catch(() => current.delete(rulebook));
      current.set(rulebook, held);
    }
    return held;
  };
  return { provider, close: unsubscribe };
}
