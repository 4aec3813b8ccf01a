import { Geography } from '../app/geography.ts';
import { Intake } from '../app/intake/intake.ts';
import { freezeAllDueCuts } from '../app/official-cuts.ts';
import { type AppServices, startServices } from '../app/services.ts';
import { campaignDates, cutInstant } from '../core/campaign/campaign-clock.ts';
import { Hierarchy } from '../core/geo/hierarchy.ts';
import { NEIGHBOURHOOD_KIND } from '../core/geo/neighbourhood-list.ts';
import { importNeighbourhoods } from '../files/geo-files.ts';
import { neighbourhoodListRecords } from '../simulate/neighbourhoods.ts';
import type { SimulatedRecord } from '../simulate/records.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import type { Store } from '../store/database.ts';
import { readDemoState, writeDemoState } from '../store/demo-store.ts';
import { loadUnits } from '../store/geography-store.ts';
import { DEMO_NEIGHBOURHOODS_SOURCE, DEMO_SEED, demoNeighbourhoods, demoRecords } from './demo-records.ts';
import { feedRecords } from './feed.ts';
import { Replay } from './replay.ts';
import { dueUntil } from './replay-batches.ts';
import { ReplayClock } from './replay-clock.ts';

/** Where a fresh demo starts: 18:00 on 14 July 2021, the campaign's sixth daily cut, when the map shows all four levels. */
export const DEMO_START = new Date('2021-07-14T18:00:00+07:00');
/** One simulated hour per real second: the rest of the campaign plays in about four minutes. */
export const DEMO_SPEED = 3600;

export interface DemoOptions {
  seed?: number;
  start?: Date;
  speed?: number;
  /** Default: generated in-process from the shipped scenario with `seed`. */
  records?: readonly SimulatedRecord[];
  log?: (line: string) => void;
}

export interface PreparedDemo {
  clock: ReplayClock;
  records: readonly SimulatedRecord[];
  /** Whether this start loaded the data (false: it continued from an earlier start). */
  loaded: boolean;
  /** An admin paused the replay before the last stop: it stays paused. */
  paused: boolean;
  /**
   * Builds the replay on the app's risk service; call `start(!paused)` on it once the
   * server listens. `freezeCuts` freezes the official cuts due on the simulated clock (a jump runs
   * it at each cut it passes).
   */
  replay(app: Pick<AppServices, 'risk' | 'feed'>, freezeCuts: () => Promise<void>, tickMs?: number): Promise<Replay>;
}

/**
 * Gets the demo's data in place before the app is built. A fresh database is preloaded in bulk
 * up to the start instant, stepping through each official cut before it (records fed without the
 * bus, one full recompute and the due cuts frozen at each step, with the clock at that instant)
 * so the levels "as published then" and the official standings are those a server running since
 * June would have shown. A database that already holds the demo continues from its kept position.
 */
export async function prepareDemo(store: Store, options: DemoOptions = {}): Promise<PreparedDemo> {
  const log = options.log ?? console.log;
  const state = await readDemoState(store.db);
  const seed = state.seed ?? options.seed ?? DEMO_SEED;
  const records = options.records ?? demoRecords(seed);
  const speed = state.speed ?? options.speed ?? DEMO_SPEED;
  const loaded = state.position === null;
  const start = state.position ? new Date(state.position) : (options.start ?? DEMO_START);
  const clock = new ReplayClock(start, speed, false);

  await loadDemoNeighbourhoods(store, log);
  if (loaded) {
    // Marked first: a database with any simulated record in it shows the banner.
    await writeDemoState(store.db, { simulated: true, seed, speed }, { actor: 'system', channel: 'startup', action: 'demo.load' });
    await preload(store, records, clock, start, log);
    await writeDemoState(store.db, { position: start.toISOString() });
  }
  return {
    clock,
    records,
    loaded,
    paused: state.paused,
    replay: async ({ risk, feed }, freezeCuts, tickMs) => {
      const hierarchy = new Hierarchy(await loadUnits(store.db));
      const checkpoints = await cutInstants(store);
      const replay = new Replay(
        {
          records,
          clock,
          store,
          tickMs,
          intake: new Intake(store, hierarchy),
          bulk: {
            intake: new Intake(store, hierarchy),
            before: () => feed.pause(),
            after: async () => {
              await risk.reload();
              feed.resume();
              await freezeCuts();
            },
            minBatches: 8,
            checkpoints,
          },
          log,
        },
        start.toISOString(),
      );
      return replay;
    },
  };
}

/**
 * The simulated khu phố and ấp, imported once under the stored 2021 wards (a database from a
 * release before them gets them on its next start): names, counts, populations and areas are all
 * made up (src/simulate/neighbourhoods.ts), the areas marked approximate like any list without
 * boundaries, and the demo's cases name them. Whether the stored list is this one is kept for
 * the pages' notice: marked before the import (a failed import leaves no neighbourhood to mark),
 * and a list someone imported instead is not marked.
 */
export async function loadDemoNeighbourhoods(store: Store, log: (line: string) => void): Promise<void> {
  const rows = demoNeighbourhoods();
  const stored = (await loadUnits(store.db)).filter((u) => u.kind === NEIGHBOURHOOD_KIND);
  if (stored.length > 0) {
    // A city's list can use the same codes and names ("26740-1", "Khu phố 1"): its populations tell it apart.
    const generated = new Map(rows.map((r) => [r.code, `${r.name} ${r.population}`] as const));
    await writeDemoState(store.db, { simulatedNeighbourhoods: stored.every((u) => generated.get(u.code) === `${u.name} ${u.population}`) });
    return;
  }
  await writeDemoState(store.db, { simulatedNeighbourhoods: true });
  const began = performance.now();
  const summary = await importNeighbourhoods(store.db, { source: DEMO_NEIGHBOURHOODS_SOURCE, records: neighbourhoodListRecords(rows) }, 'system', 'startup');
  log(`loaded ${summary.units} simulated neighbourhoods (khu phố, ấp) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

async function preload(store: Store, records: readonly SimulatedRecord[], clock: ReplayClock, start: Date, log: (line: string) => void): Promise<void> {
  const began = performance.now();
  const geography = await Geography.load(store.db);
  const intake = new Intake(store, geography.hierarchy);
  const cuts = (await cutInstants(store))
    .map((d) => d.getTime())
    .filter((t) => t < start.getTime() && t >= Date.parse(records[0]?.reportedAt ?? start.toISOString()));
  let cursor = 0;
  let services: Awaited<ReturnType<typeof startServices>> | null = null;
  let fed = 0;
  // Each cut before the start: feed up to it, recompute with the clock there, freeze what is due
  // (each cut from the levels as published at its instant, so one set of services serves all).
  for (const t of cuts) {
    // Fed in bulk, then recomputed once: the running services hand nothing on meanwhile.
    services?.services.feed.pause();
    const at = new Date(t);
    const until = dueUntil(records, cursor, at.toISOString());
    fed += (await feedRecords(intake, records.slice(cursor, until))).records;
    cursor = until;
    clock.jump(at);
    if (!services) services = await startServices({ store, now: () => clock.now() });
    else await services.services.risk.reload();
    services.services.feed.resume();
    await freezeAllDueCuts(services.services);
  }
  await services?.close();
  // The rest up to the start; the app's own risk service recomputes once as it starts.
  const until = dueUntil(records, cursor, start.toISOString());
  fed += (await feedRecords(intake, records.slice(cursor, until))).records;
  clock.jump(start);
  log(
    `loaded ${fed} simulated records up to ${start.toISOString()} in ${((performance.now() - began) / 1000).toFixed(1)} s (${cuts.length} official cuts stepped through)`,
  );
}

/** Every campaign's daily cut instants, in time order: where the preload and a jump stop to recompute and freeze. */
async function cutInstants(store: Store): Promise<Date[]> {
  const campaigns = await listCampaigns(store.db);
  const times = new Set(campaigns.flatMap((c) => campaignDates(c).map((d) => cutInstant(c, d).getTime())));
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}
