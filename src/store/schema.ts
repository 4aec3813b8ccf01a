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
  assessments: AssessmentsTable;
  assessment_reach: AssessmentReachTable;
  risk_factors: RiskFactorsTable;
  overrides: OverridesTable;
  // Intake (migration 003-intake)
  users: UserTable;
  user_roles: UserRoleTable;
  api_tokens: ApiTokenTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  case_records: CaseRecordTable;
  test_counts: TestCountTable;
  daily_counts: DailyCountTable;
  rejects: RejectTable;
  import_jobs: ImportJobTable;
  campaigns: CampaignsTable;
  campaign_cuts: CampaignCutsTable;
  campaign_cut_corrections: CampaignCutCorrectionsTable;
  // Demo (migration 006-demo)
  demo_state: DemoStateTable;
  change_feed: ChangeFeedTable;
  deployment: DeploymentTable;
  claims: ClaimsTable;
  feed_cursors: FeedCursorsTable;
  // Appeals (migration 015-appeals)
  appeals: AppealsTable;
  appeal_attachments: AppealAttachmentsTable;
  // Rewards (migration 016-rewards)
  reward_schemes: RewardSchemesTable;
  reward_decisions: RewardDecisionsTable;
  nominations: NominationsTable;
  reward_decision_nominations: RewardDecisionNominationsTable;
  nomination_history: NominationHistoryTable;
  nomination_attachments: NominationAttachmentsTable;
  reward_quota_locks: RewardQuotaLocksTable;
  // Kept renderings of signed images (migration 017-kept-renderings)
  kept_renderings: KeptRenderingsTable;
  // Alerts (migration 014-alerts)
  alerts: AlertsTable;
  alert_reads: AlertReadsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
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
  households: number | null;
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
  /** Suspected cases (008); null: none reported. */
  suspected: number | null;
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

/** One published version of a unit's assessment on a date under a rulebook (append-only). */
export interface AssessmentsTable {
  id: Generated<number>;
  rulebook_id: string;
  rulebook_version: string;
  unit_code: string;
  date: string;
  version: number;
  level: number;
  state: string;
  /** JSON array of reasons (criterion, texts, figures, provenance). */
  reasons: string;
  override_id: number | null;
  /** Hash of level, reasons and override: a recompute that yields the same adds no version. */
  signature: string;
  computed_at: string;
}

/** How far each publication reached (migration 010): the last date it assessed, carried rows included. */
export interface AssessmentReachTable {
  rulebook_id: string;
  date: string;
  computed_at: string;
}

export interface RiskFactorsTable {
  id: Generated<number>;
  unit_code: string;
  type: string;
  from_date: string;
  to_date: string | null;
  value: number | null;
  note: string;
  author: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface OverridesTable {
  id: Generated<number>;
  rulebook_id: string;
  unit_code: string;
  state: string;
  from_date: string;
  until_date: string | null;
  justification: string;
  author: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

// Intake (migration 003-intake)

export interface UserTable {
  id: Generated<number>;
  name: string;
  display_name: string | null;
  password_hash: string | null;
  created_at: string;
  // Sign-in (migration 013-sign-in)
  password_set_at: string | null;
  disabled_at: string | null;
  last_sign_in_address: string | null;
}

export interface SessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  address: string | null;
  agent: string | null;
}

export interface SignInFailureTable {
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
  scope: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: number | null;
  label: string;
  role: string;
  scope: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface CaseRecordTable {
  id: string;
  version: number;
  confirmed_date: string;
  unit_code: string;
  setting: string;
  source_known: number;
  source_place: string | null;
  cluster: string | null;
  household: string | null;
  void: number;
  batch: string;
  /** When the row arrived (ISO UTC, the deployment's clock; 008); null for rows from before. */
  received_at: string | null;
}

export interface TestCountTable {
  seq: Generated<number>;
  unit_code: string;
  date: string;
  tested: number;
  positive: number;
  /** Suspected cases of the unit and day (008); null: not reported. */
  suspected: number | null;
  batch: string;
  received_at: string | null;
}

export interface DailyCountTable {
  seq: Generated<number>;
  unit_code: string;
  date: string;
  setting: string;
  source_known: number;
  count: number;
  batch: string;
  received_at: string | null;
}

export interface RejectTable {
  id: Generated<number>;
  kind: string;
  channel: string;
  actor: string;
  scope: string | null;
  batch: string;
  import_id: string | null;
  received_at: string;
  position: number;
  record_id: string | null;
  raw: string;
  errors: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** recordKey of the row when it was clear enough to tell (008): the record landing later closes the reject. */
  record_key: string | null;
  /** The batch, and the import if any, whose landing record closed the reject (008). */
  resolved_batch: string | null;
  resolved_import: string | null;
}

export interface ImportJobTable {
  id: string;
  kind: string;
  file_name: string;
  status: string;
  total: number | null;
  processed: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  actor: string;
  scope: string | null;
  created_at: string;
  finished_at: string | null;
  heartbeat_at: string | null;
  /** JSON problem document of a file refused as a whole (008). */
  problem: string | null;
  /** JSON `{noted, notes: [{index, note}]}`: rows accepted with a remark, the first ones listed (008). */
  notes: string | null;
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

/** A corrected official cut (migration 011): a new record beside the original, never replacing it. */
export interface CampaignCutCorrectionsTable {
  campaign_id: string;
  group_kind: string;
  cut_date: string;
  /** 1 for the first correction of a cut, then 2… */
  number: number;
  reason: string;
  issued_by: string;
  issued_role: string;
  issued_at: string;
  levels_as_of: string;
  /** JSON of the StandingsTable as known when issued; never updated. */
  standings: string;
}

/** The demo's key/value state (simulated flag, seed, replay position and speed). */
export interface DemoStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ChangeFeedTable {
  id: Generated<number>;
  kind: string;
  /** JSON of the change. */
  payload: string;
  at: string;
}

export interface DeploymentTable {
  key: string;
  value: string;
}

export interface ClaimsTable {
  key: string;
  owner: string;
  at: string;
}

export interface FeedCursorsTable {
  name: string;
  position: number;
}

// Appeals (migration 015-appeals)

export interface AppealsTable {
  id: Generated<number>;
  unit_code: string;
  date: string;
  rulebook_id: string;
  contested_level: number | null;
  requested_level: number | null;
  reason: string;
  status: string;
  filed_by: string;
  filed_role: string;
  filed_scope: string;
  filed_at: string;
  decided_by: string | null;
  decided_role: string | null;
  decided_scope: string | null;
  decided_at: string | null;
  decided_level: number | null;
  decision_reason: string | null;
  override_id: number | null;
}

export interface AppealAttachmentsTable {
  appeal_id: number;
  n: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
}

// Rewards (migration 016-rewards)

export interface RewardSchemesTable {
  campaign_id: string;
  version: number;
  scheme: string;
  created_at: string;
  created_by: string;
}

export interface RewardDecisionsTable {
  id: Generated<number>;
  campaign_id: string;
  form_id: string;
  granting_unit: string;
  number: string;
  date: string;
  signer_name: string;
  signer_title: string;
  status: string;
  supersedes: number | null;
  superseded_by: number | null;
  superseded_reason: string | null;
  created_by: string;
  created_role: string;
  created_scope: string;
  created_at: string;
  published_at: string | null;
}

export interface NominationsTable {
  id: Generated<number>;
  campaign_id: string;
  scheme_version: number;
  subject: string;
  unit_code: string;
  form_id: string;
  granting_unit: string;
  criterion_id: string;
  facts: string;
  person_name: string | null;
  person_position: string | null;
  person_kind: string | null;
  summary: string;
  status: string;
  decision_id: number | null;
  proposed_by: string;
  proposed_role: string;
  proposed_scope: string;
  proposed_at: string;
}

export interface RewardDecisionNominationsTable {
  decision_id: number;
  nomination_id: number;
  position: number;
}

export interface NominationHistoryTable {
  id: Generated<number>;
  nomination_id: number;
  status: string;
  at: string;
  actor: string;
  role: string;
  scope: string;
  reason: string | null;
}

export interface NominationAttachmentsTable {
  nomination_id: number;
  n: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export interface RewardQuotaLocksTable {
  campaign_id: string;
  form_id: string;
  granting_unit: string;
  subject: string;
}

// Alerts (migration 014-alerts)

export interface AlertsTable {
  id: Generated<number>;
  key: string;
  rule: string;
  kind: string;
  severity: string;
  unit_code: string;
  /** `/79/760/26740/`: the unit and its ancestors, for scope filters. */
  unit_path: string;
  date: string;
  level: number | null;
  message_vi: string;
  message_en: string;
  detail: string;
  /** `,analyst,admin,` or null (every role in scope). */
  audience: string | null;
  raised_at: string;
  acked_by: string | null;
  acked_at: string | null;
}

export interface AlertReadsTable {
  alert_id: number;
  member: string;
  read_at: string;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  scope: string;
  rules: string | null;
  secret: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  alert_id: number;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export interface KeptRenderingsTable {
  /** The published state's canonical text (canonicalState), which its signature covers. */
  state: string;
  position: number;
  what: string;
  svg_gzip: Buffer;
  created_at: string;
}
