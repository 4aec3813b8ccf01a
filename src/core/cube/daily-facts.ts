/**
 * The daily cube: what intake aggregates and the risk engine reads, per unit per local date.
 * Intake keeps it current in the same transaction as each ledger write, for the unit the record
 * names and every ancestor of it; the engine never rescans the ledger.
 *
 * Store tables (one row per non-zero key; see src/store/migrations):
 *   cube_cases          (unit_code, date, setting, source_known, cases)
 *   cube_tests          (unit_code, date, tested, positive)
 *   cube_clusters       (unit_code, date, cluster, source_known, cases)   community cases with a cluster id
 *   cube_source_places  (unit_code, date, place, cases)                   community cases with a traced source place
 *   cube_households     (unit_code, date, household, cases)               cases with a household id (any setting)
 */

/** Where a case was found: in the community, already in quarantine, in a sealed area, or imported. */
export const SETTINGS = ['community', 'quarantine', 'lockdown', 'imported'] as const;
export type Setting = (typeof SETTINGS)[number];

/** Kinds of place an infection can be traced to; the rulebooks name which ones raise the level. */
export const SOURCE_PLACES = ['industrial_zone', 'school', 'market', 'supermarket', 'hospital', 'workplace', 'household', 'other'] as const;
export type SourcePlace = (typeof SOURCE_PLACES)[number];

export interface CaseCell {
  unit: string;
  date: string;
  setting: Setting;
  sourceKnown: boolean;
  cases: number;
}

export interface TestCell {
  unit: string;
  date: string;
  tested: number;
  positive: number;
}

export interface ClusterCell {
  unit: string;
  date: string;
  cluster: string;
  sourceKnown: boolean;
  cases: number;
}

export interface SourcePlaceCell {
  unit: string;
  date: string;
  place: SourcePlace;
  cases: number;
}

export interface HouseholdCell {
  unit: string;
  date: string;
  household: string;
  cases: number;
}

/** Everything the engine needs, as the store hands it over. */
export interface DailyFacts {
  cases: CaseCell[];
  tests: TestCell[];
  clusters: ClusterCell[];
  sourcePlaces: SourcePlaceCell[];
  households: HouseholdCell[];
}

/** What an intake commit appends to the change feed (kind `cube`): which units and dates changed. */
export interface CubeChanged {
  /** Leaf units the records named (ancestors are implied). */
  units: string[];
  /** Earliest and latest local dates touched. */
  from: string;
  to: string;
}
