import { displayDate } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';
import type { RuleOf } from './alert-rules.ts';

export interface UnknownSourceInput {
  unit: AlertUnit;
  date: string;
  /** Cases with an unknown source confirmed in the unit on `date`. */
  onDate: number;
  /** The same over the rule's `days` before `date`. */
  before: number;
}

/** The first unknown-source case in a unit within the rule's window: a chain of transmission no one traced. */
export function firstUnknownSource(rule: RuleOf<'first_unknown_source'>, input: UnknownSourceInput): AlertDraft | null {
  const { unit, date, onDate, before } = input;
  if (!rule.unitKinds.includes(unit.kind) || onDate <= 0 || before > 0) return null;
  return {
    key: `${rule.id}:${unit.code}:${date}`,
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    unit: unit.code,
    date,
    level: null,
    message: {
      vi: `${unit.name}: ca bệnh không rõ nguồn lây đầu tiên trong ${rule.days} ngày (${onDate} ca ngày ${displayDate(date)})`,
      en: `${unit.name}: first case with an unknown source in ${rule.days} days (${onDate} on ${displayDate(date)})`,
    },
    detail: { cases: onDate, days: rule.days },
  };
}
