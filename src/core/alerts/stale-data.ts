import { addDays, displayDate } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';
import type { RuleOf } from './alert-rules.ts';

export interface StaleDataInput {
  unit: AlertUnit;
  /** The day it is looked at. */
  date: string;
  /** The last date with cases or tests in the unit's subtree; null when it never sent any. */
  lastData: string | null;
  /** The last date with data among the other units of its kind (null: none sent any). */
  othersLastData: string | null;
}

/** Whether data dated `last` is at least `days` old on `date`. */
const staleOn = (last: string, date: string, days: number) => last <= addDays(date, -days);

/**
 * A unit whose subtree has sent no cases or tests for the rule's `days` days while others of its
 * kind have: its silence is its own, not a quiet city. A unit that never sent any is a matter of
 * set-up, not staleness, and raises nothing. Keyed by the last data date: one alert per silence.
 */
export function staleData(rule: RuleOf<'stale_data'>, input: StaleDataInput): AlertDraft | null {
  const { unit, date, lastData, othersLastData } = input;
  if (!rule.unitKinds.includes(unit.kind) || lastData === null || othersLastData === null) return null;
  if (!staleOn(lastData, date, rule.days) || staleOn(othersLastData, date, rule.days)) return null;
  return {
    key: `${rule.id}:${unit.code}:${lastData}`,
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    unit: unit.code,
    date,
    level: null,
    message: {
      vi: `${unit.name}: không có số liệu ca bệnh hay xét nghiệm mới từ ${displayDate(lastData)} (${rule.days} ngày trở lên)`,
      en: `${unit.name}: no new cases or tests since ${displayDate(lastData)} (${rule.days} days or more)`,
    },
    detail: { lastData, days: rule.days },
  };
}
