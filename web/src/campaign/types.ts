/**
 * Shapes of the campaign API as the "Thi đua" page reads them: the rows, campaigns and candidates
 * are the route's own schema types (erased at build), the envelopes are written out here.
 */
import type { CampaignDto, CandidateDto, StandingRowDto } from '../../../src/server/routes/campaigns.ts';
import type { Localised } from '../model/types.ts';

export type Campaign = CampaignDto;

export interface CampaignDetail {
  campaign: Campaign;
  /** Official cut dates frozen so far, per group. */
  cuts: Record<string, string[]>;
  nextCutAt: string | null;
}

export type StandingRow = StandingRowDto;

export interface StandingsResponse {
  campaign: string;
  group: string;
  date: string;
  official: boolean;
  cutAt: string | null;
  previousCut: string | null;
  levelsAsOf: string | null;
  parent: string | null;
  states: Array<{ id: string } & Localised>;
  ranked: number;
  total: number;
  rows: StandingRow[];
}

export interface DayCount {
  byState: number[];
  noData: number;
  total: number;
}

export interface ProgressDay {
  date: string;
  units: DayCount;
  population: DayCount;
  goalShare: { units: number; population: number | null };
  goalMet: boolean;
}

export interface ProgressSeries {
  days: ProgressDay[];
  goalMetOn: string | null;
}

export interface ProgressResponse {
  campaign: string;
  kind: string;
  goal: { state: number; share: number; kind: string };
  states: Array<{ id: string } & Localised>;
  citywide: ProgressSeries;
  areas: Array<{ code: string; name: string } & ProgressSeries>;
}

export type Candidate = CandidateDto;

export interface CandidatesResponse {
  group: string;
  date: string;
  provisional: boolean;
  reachedGreen: Candidate[];
  heldGreen: Candidate[];
}
