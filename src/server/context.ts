import type { Bus } from '../bus/bus.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import type { Store } from '../store/database.ts';
import type { Geography } from '../app/geography.ts';
import type { RiskService } from '../app/risk-service.ts';
import type { Replay } from '../demo/replay.ts';

/** What route handlers share: the store, the bus, and the geography currently loaded from the store. */
export interface AppContext {
  store: Store;
  bus: Bus;
  geography(): Geography;
  reloadGeography(): Promise<void>;
  /** The risk engine service: levels, assessments, path to green, analyst inputs. */
  risk: RiskService;
  /**
   * Levels per unit per date for a rulebook, as published at an instant (or as known now), from
   * the risk engine. Absent until the engine is wired in; campaign routes answer 503 meanwhile.
   */
  levelHistory?: LevelHistoryProvider;
  /** The instant the server lives at: the wall clock, or the demo's simulated clock while it replays. */
  now?: () => Date;
  /** The demo replay, when this server runs one (GET/POST /api/v1/replay). */
  replay?: Replay | null;
}
