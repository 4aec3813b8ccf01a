/**
 * The rewards API's answers as the pages read them (docs/rewards.md, issue #19). The page keeps
 * its own narrow view of them, so it only names the fields it shows.
 */
export type Subject = 'collective' | 'individual';
export interface Bilingual {
  vi: string;
  en: string;
}

export interface RewardCriterion extends Bilingual {
  id: string;
  subject: Subject;
}

export interface RewardForm extends Bilingual {
  id: string;
  document: string;
  tier: string;
  subjects: Subject[];
  quota: Partial<Record<Subject, number>>;
}

export interface RewardScheme {
  campaign: string;
  version: number;
  criteria: RewardCriterion[];
  forms: RewardForm[];
}

/** The standings facts that make a unit meet a criterion; each is there only when it matters. */
export interface CandidateFacts {
  greenSince?: string | null;
  daysGreen?: number | null;
  reduction?: number | null;
  baseline?: number | null;
  current?: number | null;
  rank?: number | null;
}

export interface RewardCandidate {
  unit: string;
  name: string;
  kind: string;
  parent: string | null;
  parentName: string | null;
  criteria: Array<Bilingual & { id: string; facts: CandidateFacts }>;
}

export interface RewardCandidates {
  campaign: string;
  date: string;
  schemeVersion: number;
  candidates: RewardCandidate[];
}

export type NominationStatus = 'proposed' | 'returned' | 'rejected' | 'withdrawn' | 'accepted' | 'approved' | 'published';

export interface Person {
  name: string;
  position: string;
  kind: 'official' | 'volunteer';
}

export interface Nomination {
  number: number;
  campaign: string;
  schemeVersion: number;
  subject: Subject;
  unit: string;
  unitName: string;
  form: string;
  formName: Bilingual;
  grantingUnit: string;
  grantingUnitName: string;
  criterion: string;
  criterionText: Bilingual;
  facts: CandidateFacts | null;
  person?: Person | null;
  summary: string | null;
  attachments: Array<{ n: number; name: string; type: string; size: number; href?: string }>;
  status: NominationStatus;
  history: Array<{ status: NominationStatus; at: string; by: { role: string; unit: string }; reason?: string | null }>;
  decision?: { id: number; number: string; date: string } | null;
}

export interface QuotaUse {
  form: string;
  grantingUnit: string;
  subject: Subject;
  quota: number;
  used: number;
}

export interface Nominations {
  nominations: Nomination[];
  quotas: QuotaUse[];
}

export type DecisionStatus = 'approved' | 'published' | 'superseded';

export interface RewardDecision {
  id: number;
  campaign: string;
  form: string;
  grantingUnit: string;
  number: string;
  date: string;
  signer: { name: string; title: string };
  status: DecisionStatus;
  nominations: number[];
  supersedes?: number | null;
  supersededBy?: number | null;
  supersededReason?: string | null;
}

/** The public page's answer: published decisions only, and of an individual only name, position and unit. */
export interface PublicRewards {
  campaign: string;
  decisions: Array<{
    number: string;
    date: string;
    form: string;
    formName: Bilingual;
    grantingUnitName: string;
    recipients: Array<{ subject: Subject; name: string; position?: string | null; unitName: string; criterionText?: Bilingual | null }>;
  }>;
}
