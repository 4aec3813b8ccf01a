import type { Generated } from 'kysely';

/**
 * The database schema as Kysely sees it. One schema for SQLite and PostgreSQL: booleans are
 * stored as 0/1 integers and JSON as text, so the same queries and rows serve both engines.
 */
export interface Database {
  units: UnitTable;
  boundaries: BoundaryTable;
  adjacency: AdjacencyTable;
  audit_log: AuditLogTable;
  cube_cases: CubeCasesTable;
  cube_tests: CubeTestsTable;
  cube_clusters: CubeClustersTable;
  cube_source_places: CubeSourcePlacesTable;
  cube_households: CubeHouseholdsTable;
  campaigns: CampaignsTable;
  campaign_cuts: CampaignCutsTable;
}

export interface UnitTable {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  /** Diacritics-free lower-case name, for search without a collation per engine. */
  name_folded: string;
  kind: string;
  parent_code: string | null;
  population: number | null;
}

export interface BoundaryTable {
  code: string;
  kind: string;
  /** GeoJSON geometry, RFC 7946 winding. */
  geometry: string;
  approximate: number;
  updated_at: string;
}

export interface AdjacencyTable {
  kind: string;
  a_code: string;
  b_code: string;
  shared_border_m: number | null;
  /** `file` when taken from a dataset's adjacency file, `computed` when derived from boundaries. */
  source: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  channel: string;
  action: string;
  /** JSON describing what changed. */
  detail: string;
}

export interface CubeCasesTable {
  unit_code: string;
  date: string;
  setting: string;
  source_known: number;
  cases: number;
}

export interface CubeTestsTable {
  unit_code: string;
  date: string;
  tested: number;
  positive: number;
}

export interface CubeClustersTable {
  unit_code: string;
  date: string;
  cluster: string;
  source_known: number;
  cases: number;
}

export interface CubeSourcePlacesTable {
  unit_code: string;
  date: string;
  place: string;
  cases: number;
}

export interface CubeHouseholdsTable {
  unit_code: string;
  date: string;
  household: string;
  cases: number;
}

export interface CampaignsTable {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string;
  /** JSON of the validated Campaign. */
  definition: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface CampaignCutsTable {
  campaign_id: string;
  cut_date: string;
  group_kind: string;
  cut_at: string;
  levels_as_of: string;
  frozen_at: string;
  /** JSON of the frozen StandingsTable; never updated. */
  standings: string;
}
