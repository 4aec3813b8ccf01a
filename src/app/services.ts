import type { Bus } from '../bus/bus.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { loadRulebookDir } from '../files/rulebook-files.ts';
import type { Store } from '../store/database.ts';
import { Geography } from './geography.ts';
import { levelHistoryProvider } from './level-history-provider.ts';
import { RiskService } from './risk-service.ts';

/**
 * The application's services: what the use cases run on, whoever calls them (routes, the
 * campaign watcher, CLI commands, the demo). The HTTP server's context is this plus its own.
 */
export interface AppServices {
  store: Store;
  bus: Bus;
  /** The geography currently loaded from the store. */
  geography(): Geography;
  reloadGeography(): Promise<void>;
  /** The risk engine service: levels, assessments, path to green, analyst inputs. */
  risk: RiskService;
  /**
   * Levels per unit per date for a rulebook, as published at an instant (or as known now), from
   * the risk engine. Absent until the engine is wired in; campaign use cases answer 503 meanwhile.
   */
  levelHistory?: LevelHistoryProvider;
  /** The instant the application lives at: the wall clock, or the demo's simulated clock while it replays. */
  now?: () => Date;
}

export interface ServicesOptions {
  store: Store;
  bus: Bus;
  /** A running risk service to share; by default one is started over the store and the bus (and closed with the services). */
  risk?: RiskService;
  now?: () => Date;
}

/**
 * Loads the geography, starts the risk service (a full recompute from the cube; then live on
 * CHANNELS.cube) and campaign scoring's view of the published levels.
 */
export async function startServices(options: ServicesOptions): Promise<{ services: AppServices; close: () => Promise<void> }> {
  const { store, bus } = options;
  let geography = await Geography.load(store.db);
  const risk = options.risk ?? (await RiskService.start({ store, bus, geography: () => geography, rulebooks: loadRulebookDir(), now: options.now }));
  const services: AppServices = {
    store,
    bus,
    geography: () => geography,
    reloadGeography: async () => {
      geography = await Geography.load(store.db);
      await risk.reload();
    },
    risk,
    now: options.now ?? (() => new Date()),
  };
  // Campaign scoring reads the published levels (issue 6).
  const history = await levelHistoryProvider(store, risk, bus);
  services.levelHistory = history.provider;
  return {
    services,
    close: async () => {
      history.close();
      if (!options.risk) await risk.close();
    },
  };
}
