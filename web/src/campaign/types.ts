/** Shapes of the campaign API (src/server/routes/campaigns.ts) as the "Thi đua" page reads them. */
import type { Localised } from '../model/types.ts';

export interface Campaign {
  id: string;
  name: string;
  nameEn?: string;
  start: string;
  end: string;
  groups: string[];
  rulebook: string;
  goal: { state: number; share: number; kind: string };
  cutTime: string;
  firstDate: string;
  lastDate: string;
  status: 'upcoming' | 'running' | 'ended';
}

export interface CampaignDetail {
  campaign: Campaign;
  /** Official cut dates frozen so far, per group. */
  cuts: Record<string, string[]>;
  nextCutAt: string | null;
}

export interface Share {
  baseline: number;
  current: number;
  change: number;
}

export interface StandingRow {
  unit: string;
  name: string;
  kind: string;
  parent: string | null;
  population: number | null;
  status: 'ranked' | 'no_data';
  baseline: number | null;
  current: number | null;
  reduction: number | null;
  firstGreenDate: string | null;
  daysGreen: number;
  heldGreen: boolean;
  communityCases: number;
  casesPer100k: number | null;
  rank: number | null;
  rankInParent: number | null;
  previousRank: number | null;
  rankChange: number | null;
  explanation: Localised;
  greenShare: { children: number; units: Share; population: Share | null } | null;
  corrected?: { dates: string[] };
}

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

export interface Candidate {
  unit: string;
  name: string;
  kind: string;
  parent: string | null;
  criterion: string;
  baseline: number | null;
  greenSince: string;
  daysToGreen: number;
  daysGreen: number;
  place: number;
}

export interface CandidatesResponse {
  group: string;
  date: string;
  provisional: boolean;
  reachedGreen: Candidate[];
  heldGreen: Candidate[];
}
