/** Shapes the web app reads from the API (DESIGN §6). */
export interface Localised {
  vi: string;
  en: string;
}

export interface RulebookState {
  id: string;
  name: Localised;
  colour: string;
  /** The measures that apply in this state, as the rulebook words them. */
  measures?: Localised;
}

export interface RulebookSummary {
  id: string;
  version: string;
  name: Localised;
  states: RulebookState[];
}

export interface LevelsResponse {
  date: string;
  computedAt: string | null;
  rulebook: string;
  levels: Record<string, number>;
}

export interface UnitInfo {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  population: number | null;
  approximateBoundary?: boolean;
}

export interface Reason {
  criterion: string;
  text: Localised;
  verified?: boolean;
}

export interface Assessment {
  date: string;
  level: number;
  reasons: Reason[];
  computedAt?: string;
  override?: { state: string; justification: string; until?: string | null } | null;
}

export interface PathToGreen {
  date: string | null;
  alreadyGreen: boolean;
  /** What holds the unit until then. */
  holding: Reason[];
}

/** A unit's place in the emulation campaign's standings. */
export interface CampaignPlace {
  campaign: string;
  name: string;
  date: string;
  ranked: number;
  rank: number | null;
  rankInParent: number | null;
  explanation: Localised;
}
