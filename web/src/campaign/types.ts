/**
 * Shapes of the campaign API as the "Thi đua" page reads them: the API's own types, from its
 * contract (src/contract; type-only, erased at build), under the names the page uses.
 */
import type {
  CampaignDetail as CampaignDetailDto,
  CandidateDto,
  Candidates,
  CutDetail as CutDetailDto,
  Progress,
  ProgressSeries as ProgressSeriesDto,
  StandingRowDto,
  Standings,
} from '../../../src/contract/index.ts';

export type CampaignDetail = CampaignDetailDto;

export type StandingRow = StandingRowDto;

export type CutDetail = CutDetailDto;

export type StandingsResponse = Standings;

export type ProgressSeries = ProgressSeriesDto;

export type ProgressResponse = Progress;

export type Candidate = CandidateDto;

export type CandidatesResponse = Candidates;
