import type { SourcePlace } from '../core/cube/daily-facts.ts';

/** A leaf unit the epidemic runs over (a ward or commune), with the population transmission scales by. */
export interface SimulationUnit {
  code: string;
  /** The district (or other grouping) whose parameters apply to it. */
  group: string;
  population: number;
}

/** Kinds of place a cluster can form at (the SOURCE_PLACES a cluster can be traced to). */
export type ClusterPlace = Extract<SourcePlace, 'industrial_zone' | 'school' | 'market' | 'supermarket' | 'hospital' | 'workplace'>;
export const CLUSTER_PLACES: readonly ClusterPlace[] = ['industrial_zone', 'school', 'market', 'supermarket', 'hospital', 'workplace'];

/**
 * Everything the simulator needs, compiled from a scenario (or the national generator) into
 * per-unit and per-day functions. `u` is an index into `units`, `day` a day number (calendar.ts).
 */
export interface EpidemicModel {
  scenario: string;
  units: readonly SimulationUnit[];
  /** Neighbour indices of each unit (shared border). */
  neighbours: readonly (readonly number[])[];
  firstDay: number;
  lastDay: number;
  /** Weights of the generation interval for lags 1, 2, … days (normalised by the runner). */
  generationInterval: readonly number[];
  /** Expected daily cases of each unit over the days before `firstDay`, to start the epidemic. */
  initialDailyCases(u: number): number;
  /** Expected secondary cases per case in unit u on a day (before susceptible depletion). */
  reproduction(u: number, day: number): number;
  /** Sporadic introductions into unit u on a day, from travel and the rest of the city. */
  introductions(u: number, day: number): number;
  /** Share of a unit's infection pressure that lands in its neighbours, split by their population. */
  neighbourShare: number;
  /** Share of the population the epidemic can reach in the simulated period (caps the attack rate). */
  susceptibleShare: number;
  /** Dispersion k of the negative binomial daily counts (smaller: burstier). */
  dispersion: number;
  /** Share of a day's cases found in the community; the rest were already in quarantine or a sealed area. */
  communityShare(u: number, day: number): number;
  /** Of the cases not found in the community, the share found in a sealed (locked-down) area. */
  lockdownShare(u: number, day: number): number;
  /** Share of community cases (outside clusters and households) whose source was traced. */
  sourceKnownShare(u: number, day: number): number;
  /** Places a traced community case's source is put down to; weight of leaving it unnamed under `none`. */
  knownSourcePlaces: Readonly<Partial<Record<SourcePlace | 'none', number>>>;
  households: { share: number; meanExtraMembers: number };
  clusters: {
    /** Expected new clusters per community case. */
    perCommunityCase: number;
    meanSize: number;
    maxDays: number;
    unknownSourceShare: number;
    /** Weights of the kinds of place a traced cluster forms at; industrial zones only where one is hosted. */
    placeWeights: Readonly<Record<ClusterPlace, number>>;
    /** Units hosting a place of a kind (industrial zone, wholesale market): clusters form there far more often. */
    hosts: ReadonlyMap<number, ClusterPlace>;
    hostBoost: number;
    /** Share of a traced industrial-zone or market cluster's cases that live in a neighbouring unit. */
    spilloverShare: number;
  };
  importedPerDay: number;
  reporting: { delayDays: readonly number[]; batchHours: readonly number[] };
  /** Null: emit no test counts (the national set, where only cases matter). */
  tests: null | {
    screeningPer1000PerDay(day: number): number;
    testsPerCase: number;
    revisionShare: number;
  };
  corrections: { share: number; voidShare: number; minDelayDays: number; maxDelayDays: number };
}
