import type { LevelsSnapshot } from './risk-service.ts';
import type { AppServices } from './services.ts';

/**
 * The levels `GET /api/v1/levels` answers: the engine's levels of a date (and kind), keeping the
 * units valid on that date (the engine assesses every period's units). One function, so that what
 * the bulletin counts is what the levels call it cites answers. Throws RangeError for a date the
 * levels do not reach.
 */
export async function levelsValidOn(
  app: Pick<AppServices, 'risk' | 'geography'>,
  q: { rulebook?: string; date?: string; kind?: string },
): Promise<LevelsSnapshot> {
  const snapshot = await app.risk.levels(q);
  const tree = app.geography().treeOn(snapshot.date);
  return { ...snapshot, levels: Object.fromEntries(Object.entries(snapshot.levels).filter(([code]) => tree.get(code) !== undefined)) };
}
