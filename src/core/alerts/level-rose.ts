import { displayDate } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit, StateName } from './alert.ts';
import type { RuleOf } from './alert-rules.ts';

export interface LevelRoseInput {
  unit: AlertUnit;
  date: string;
  level: number;
  /** The level the day before; null when the unit had none (its first data). */
  previous: number | null;
  states: readonly StateName[];
}

/** A unit's level on `date` is higher than the day before. A first level is no rise. */
export function levelRose(rule: RuleOf<'level_rose'>, input: LevelRoseInput): AlertDraft | null {
  const { unit, date, level, previous, states } = input;
  if (!rule.unitKinds.includes(unit.kind) || previous === null || level <= previous) return null;
  const [from, to] = [states[previous], states[level]];
  return {
    key: `${rule.id}:${unit.code}:${date}`,
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    unit: unit.code,
    date,
    level,
    message: {
      vi: `${unit.name}: mức nguy cơ tăng từ ${from?.vi ?? previous} lên ${to?.vi ?? level} ngày ${displayDate(date)}`,
      en: `${unit.name}: risk level rose from ${from?.en ?? previous} to ${to?.en ?? level} on ${displayDate(date)}`,
    },
    detail: { previous, level },
  };
}
