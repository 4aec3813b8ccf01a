import type { NominationDto, PublicRewardsDto, RewardCandidatesDto, RewardDecisionDto, RewardSchemeDto } from '../../../src/contract/index.ts';

/** The rewards API's answers (src/contract/rewards.ts) under the names the pages use. */
export type RewardScheme = RewardSchemeDto;
export type RewardCandidates = RewardCandidatesDto;
export type RewardCandidate = RewardCandidatesDto['candidates'][number];
export type CandidateFacts = RewardCandidate['criteria'][number]['facts'];
export type Nomination = NominationDto;
export type Subject = Nomination['subject'];
export interface QuotaUse {
  form: string;
  grantingUnit: string;
  subject: string;
  quota: number;
  used: number;
}
export interface Nominations {
  nominations: Nomination[];
  quotas: QuotaUse[];
}
export type RewardDecision = RewardDecisionDto;
export type PublicRewards = PublicRewardsDto;
