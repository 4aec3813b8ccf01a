import { displayDate } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';
import type { RuleOf } from './alert-rules.ts';

export interface CampaignPaceInput {
  campaign: { id: string; name: string; nameEn: string | null; goalShare: number };
  /** The unit the campaign covers (the city), whose committees the alert goes to. */
  unit: AlertUnit;
  /** The campaign's dates, first to last. */
  dates: readonly string[];
  date: string;
  /** Share (0..1) of the goal's units at the goal state or greener on the first campaign date and on `date`. */
  shareAtStart: number;
  share: number;
}

/**
 * The share of units at the goal needed on `date` to reach the goal on the last campaign date
 * along a straight line from the first date's share.
 */
export function paceOn(dates: readonly string[], date: string, shareAtStart: number, goalShare: number): number | null {
  const i = dates.indexOf(date);
  if (i < 0) return null;
  if (dates.length === 1) return goalShare;
  return shareAtStart + ((goalShare - shareAtStart) * i) / (dates.length - 1);
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The active campaign is behind the pace its goal needs by more than the rule's tolerance. */
export function campaignBehindPace(rule: RuleOf<'campaign_behind_pace'>, input: CampaignPaceInput): AlertDraft | null {
  const { campaign, unit, dates, date, shareAtStart, share } = input;
  const pace = paceOn(dates, date, shareAtStart, campaign.goalShare);
  if (pace === null || date === dates[0] || share >= pace - rule.tolerance) return null;
  return {
    key: `${rule.id}:${campaign.id}:${date}`,
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    unit: unit.code,
    date,
    level: null,
    message: {
      vi: `${campaign.name}: ${percent(share)} đơn vị đạt mục tiêu ngày ${displayDate(date)}, chậm hơn nhịp cần có ${percent(pace)} để đạt ${percent(campaign.goalShare)} khi kết thúc`,
      en: `${campaign.nameEn ?? campaign.name}: ${percent(share)} of units at the goal on ${displayDate(date)}, behind the ${percent(pace)} needed to reach ${percent(campaign.goalShare)} by the end`,
    },
    detail: { campaign: campaign.id, share, pace, goal: campaign.goalShare },
  };
}
