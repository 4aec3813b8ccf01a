import { addDays, displayDate } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';
import type { RuleOf } from './alert-rules.ts';

export interface RedForDaysInput {
  unit: AlertUnit;
  /** The last date of `levels`. */
  date: string;
  /** The unit's levels on consecutive dates, oldest first, ending on `date` (null: no level). */
  levels: ReadonlyArray<number | null>;
  /** The red level: the rulebook's last state. */
  red: number;
}

/**
 * A unit red for the rule's `days` in a row, up to `date`. Keyed by the first red day of the run,
 * so one run raises one alert however long it lasts (a run as long as the window given is taken
 * to start at the window's start).
 */
export function redForDays(rule: RuleOf<'red_for_days'>, input: RedForDaysInput): AlertDraft | null {
  const { unit, date, levels, red } = input;
  if (!rule.unitKinds.includes(unit.kind)) return null;
  let run = 0;
  for (let i = levels.length - 1; i >= 0 && levels[i] === red; i--) run++;
  if (run < rule.days) return null;
  const since = addDays(date, 1 - run);
  return {
    key: `${rule.id}:${unit.code}:${since}`,
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    unit: unit.code,
    date,
    level: red,
    message: {
      vi: `${unit.name}: ở mức đỏ ${run} ngày liên tiếp, từ ${displayDate(since)}`,
      en: `${unit.name}: red for ${run} days in a row, since ${displayDate(since)}`,
    },
    detail: { since, days: run },
  };
}
