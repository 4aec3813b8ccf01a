/**
 * What analysts add to the data: qualitative risk factors (and unit inputs such as vaccination
 * coverage, as factors with a value) and overrides of a computed level. Both carry their author
 * and note so every reason they produce can say who decided and why.
 */
export interface RiskFactor {
  id: number;
  unit: string;
  /** Matches `factor` in a rulebook's risk_factor condition, e.g. `uncontrolled_source`. */
  type: string;
  /** First local date the factor applies. */
  from: string;
  /** Last local date it applies; null while open-ended. */
  to: string | null;
  /** A figure when the factor has one (spread share, vaccination coverage); null otherwise. */
  value: number | null;
  note: string;
  author: string;
}

export interface Override {
  id: number;
  unit: string;
  /** The rulebook whose level is overridden. */
  rulebook: string;
  /** State id of that rulebook. */
  state: string;
  from: string;
  /** Last local date the override holds (its expiry); null = until revoked. */
  until: string | null;
  justification: string;
  author: string;
}
