import type { Role } from '../auth/roles.ts';
import { displayDate, ISO_DATE } from '../time/local-date.ts';
import type { AlertDraft, AlertUnit } from './alert.ts';

/** What the appeals branch appends to the change feed (kind `appeal`) at each step of an appeal. */
export interface AppealChange {
  type: 'appeal.filed' | 'appeal.decided';
  appeal: number;
  unit: string;
  date: string;
  status: string;
}

/** An `appeal` feed entry's payload, if it has the shape the appeals workflow writes; null otherwise. */
export function appealChangeOf(payload: unknown): AppealChange | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.type !== 'appeal.filed' && p.type !== 'appeal.decided') return null;
  if (!Number.isInteger(p.appeal) || typeof p.unit !== 'string' || typeof p.date !== 'string' || !ISO_DATE.test(p.date) || typeof p.status !== 'string')
    return null;
  return { type: p.type, appeal: p.appeal as number, unit: p.unit, date: p.date, status: p.status };
}

/** Who hears of each step: a filed appeal is for the analysts who decide it; a decision for the committees that filed. */
const AUDIENCE: Record<AppealChange['type'], readonly Role[]> = {
  'appeal.filed': ['analyst', 'admin'],
  'appeal.decided': ['committee', 'admin'],
};

/** The inbox notice for one step of an appeal: once per appeal, step and status. */
export function appealNotice(change: AppealChange, unit: AlertUnit): AlertDraft {
  const filed = change.type === 'appeal.filed';
  const on = displayDate(change.date);
  return {
    key: `appeal:${change.appeal}:${change.type}:${change.status}`,
    rule: 'appeal',
    kind: 'appeal',
    severity: 'info',
    unit: unit.code,
    date: change.date,
    level: null,
    message: filed
      ? {
          vi: `${unit.name}: có khiếu nại mới về màu ngày ${on} (số ${change.appeal})`,
          en: `${unit.name}: a new appeal against the colour of ${on} (no. ${change.appeal})`,
        }
      : {
          vi: `${unit.name}: khiếu nại số ${change.appeal} về màu ngày ${on} đã được xử lý (${change.status})`,
          en: `${unit.name}: appeal no. ${change.appeal} against the colour of ${on} was decided (${change.status})`,
        },
    detail: { appeal: change.appeal, type: change.type, status: change.status },
    audience: AUDIENCE[change.type],
  };
}
