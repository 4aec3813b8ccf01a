import type { Bus } from '../bus/bus.ts';
import type { LevelHistoryProvider } from '../core/campaign/level-history.ts';
import { loadRulebookDir } from '../files/rulebook-files.ts';
import type { Store } from '../store/database.ts';
import { ChangeFeed } from './change-feed.ts';
import { Geography } from './geography.ts';
import { levelHistoryProvider } from './level-history-provider.ts';
import { RiskService } from './risk-service.ts';
import type { KeyRing } from './signing-keys.ts';

/**
 * The application's services: what the use cases run on, whoever calls them (routes, the
 * campaign watcher, CLI commands, the demo). The HTTP server's context is this plus its own.
 */
export interface AppServices {
  store: Store;
  /** The change feed this process follows: every committed write, whichever process made it (issue 14). */
  feed: ChangeFeed;
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
  /** The deployment's signing keys (docs/verify.md): images and bulletins carry a signed short URL when set. */
  signing?: KeyRing;
}

export interface ServicesOptions {
  store: Store;
  /** A shared bus (Redis) that wakes this deployment's other instances sooner; the feed works without it. */
  bus?: Bus | null;
  now?: () => Date;
  /** How often the feed is polled (default: 100 ms on SQLite, 1 s on PostgreSQL). */
  feedPollMs?: number;
}

/**
 * Opens the change feed at its current position, loads the geography, starts the risk service
 * (a full recompute from the cube) and campaign scoring's view of the published levels, then
 * follows the feed from that position: whatever any process commits from then on reaches them.
 */
export async function startServices(options: ServicesOptions): Promise<{ services: AppServices; close: () => Promise<void> }> {
  const { store } = options;
  const feed = await ChangeFeed.open({ store, bus: options.bus, pollMs: options.feedPollMs });
  let geography = await Geography.load(store.db);
  const risk = await RiskService.start({ store, feed, geography: () => geography, rulebooks: loadRulebookDir(), now: options.now });
  const reloadGeography = async (through?: number) => {
    geography = await Geography.load(store.db);
    await risk.reload(through);
  };
  const services: AppServices = {
    store,
    feed,
    geography: () => geography,
    reloadGeography: () => reloadGeography(),
    risk,
    now: options.now ?? (() => new Date()),
  };
  // A geography import by any process (the CLI's `geo import`): reload, then recompute on it.
  const stopGeography = feed.on('geography', (change) => {
    void reloadGeography(change.id).catch((error) => console.error('reloading the geography failed', error));
  });
  // Campaign scoring reads the published levels (issue 6).
  const history = levelHistoryProvider(store, risk, feed);
  services.levelHistory = history.provider;
  await feed.follow();
  return {
    services,
    close: async () => {
      await feed.close();
      stopGeography();
      history.close();
      await risk.close();
    },
  };
}
