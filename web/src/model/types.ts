import type { Bilingual, CurrentAssessment, Levels, PathToGreen as PathToGreenDto, PublicAppeal, Status, UnitDto } from '../../../src/contract/index.ts';

/**
 * Shapes the web app reads from the API (DESIGN §6): the API's own, from its contract
 * (src/contract, type-only so nothing of it reaches the bundle), and the page's views of them.
 */
export type Localised = Bilingual;

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

export type LevelsResponse = Levels;

export type UnitInfo = UnitDto;

/** GET /status: whether the data, and the khu phố and ấp list, are simulated. */
export type ServerStatus = Status;

/**
 * An assessment as the details panel draws it: the unit's current one (GET /units/{code}, with
 * its override) or a day of its history (GET /assessments/{code}, without).
 */
export type Assessment = Pick<CurrentAssessment, 'date' | 'level' | 'reasons' | 'computedAt'> & {
  override?: CurrentAssessment['override'];
  /** A day of history whose colour an accepted appeal set (docs/appeals.md). */
  appeal?: PublicAppeal | null;
};

export type PathToGreen = PathToGreenDto;

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
