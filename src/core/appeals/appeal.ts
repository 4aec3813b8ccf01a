import { ISO_DATE } from '../time/local-date.ts';
import { personalDataRefusal } from './free-text-personal-data.ts';

/**
 * An appeal (issue #18 item 5, docs/appeals.md): a committee contests a unit's colour on a date;
 * an analyst accepts it, which makes an override whose justification is the appeal, or rejects it
 * with a reason. Its id is its public number.
 */
export type AppealStatus = 'open' | 'accepted' | 'rejected';

/** Who filed or decided, as others read it: the role and the unit it covers, never the person. */
export interface AppealParty {
  role: string;
  unit: string;
}

export interface Appeal {
  number: number;
  unit: string;
  date: string;
  rulebook: string;
  /** The unit's level on the date when the appeal was filed (null: none published then). */
  contestedLevel: number | null;
  requestedLevel: number | null;
  reason: string;
  status: AppealStatus;
  filedBy: AppealParty;
  filedAt: string;
  decidedBy: AppealParty | null;
  decidedAt: string | null;
  /** The level granted (accepted). */
  decidedLevel: number | null;
  /** Why it was rejected. */
  decisionReason: string | null;
  /** The override made on acceptance. */
  override: number | null;
  attachments: Array<{ n: number; name: string; type: string; size: number }>;
}

/**
 * The change-feed entry each step appends in its own transaction: the alerts inbox tells the
 * other side (the analysts of the unit when one is filed, the committee when one is decided).
 */
export interface AppealChange {
  type: 'appeal.filed' | 'appeal.decided';
  appeal: number;
  unit: string;
  date: string;
  status: AppealStatus;
}

export const APPEAL_CHANGE_KIND = 'appeal';

export function appealChange(appeal: Pick<Appeal, 'number' | 'unit' | 'date' | 'status'>): AppealChange {
  return {
    type: appeal.status === 'open' ? 'appeal.filed' : 'appeal.decided',
    appeal: appeal.number,
    unit: appeal.unit,
    date: appeal.date,
    status: appeal.status,
  };
}

/** The justification of the override an accepted appeal makes: it names the appeal by number and carries its reason. */
export function overrideJustification(appeal: Pick<Appeal, 'number' | 'reason'>): string {
  return `Khiếu nại số ${appeal.number} / appeal no. ${appeal.number}: ${appeal.reason}`;
}

export const REASON_LIMITS = { min: 10, max: 2000 } as const;
const UNIT_CODE = /^[0-9A-Za-z._-]{1,40}$/;

export interface AppealFields {
  unit: string;
  date: string;
  requestedLevel: number | null;
  reason: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A real calendar date written YYYY-MM-DD (2021-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * A reason checked as every free text the others read: long enough to say something, not so long
 * it is a file, and without personal data. Null when it is fine.
 */
export function reasonError(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return 'bắt buộc / is required';
  const trimmed = text.trim();
  if (trimmed.length < REASON_LIMITS.min) return `ít nhất ${REASON_LIMITS.min} ký tự / at least ${REASON_LIMITS.min} characters`;
  if (trimmed.length > REASON_LIMITS.max) return `tối đa ${REASON_LIMITS.max} ký tự / at most ${REASON_LIMITS.max} characters`;
  return personalDataRefusal(trimmed);
}

/**
 * An appeal's fields as sent (a JSON body, or a form's text fields: everything a string), checked
 * all at once so every fault is named. `states` is the number of the rulebook's levels.
 */
export function checkAppealFields(
  raw: Readonly<Record<string, unknown>>,
  states: number,
): { ok: true; value: AppealFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw))
    if (!['unit', 'date', 'requestedLevel', 'reason'].includes(key)) errors.push({ field: key, message: 'trường không được nhận / unknown field' });
  const { unit, date, requestedLevel, reason } = raw;
  if (typeof unit !== 'string' || unit === '') errors.push({ field: 'unit', message: 'bắt buộc / is required' });
  else if (!UNIT_CODE.test(unit)) errors.push({ field: 'unit', message: 'không phải mã đơn vị / is not a unit code' });
  if (typeof date !== 'string' || date === '') errors.push({ field: 'date', message: 'bắt buộc / is required' });
  else if (!isCalendarDate(date)) errors.push({ field: 'date', message: 'cần ngày YYYY-MM-DD / must be a date YYYY-MM-DD' });
  let level: number | null = null;
  if (requestedLevel !== undefined && requestedLevel !== null && requestedLevel !== '') {
    const n = typeof requestedLevel === 'string' && /^\d{1,2}$/.test(requestedLevel) ? Number(requestedLevel) : requestedLevel;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= states)
      errors.push({ field: 'requestedLevel', message: `cần mức từ 0 đến ${states - 1} / must be a level from 0 to ${states - 1}` });
    else level = n;
  }
  const why = reasonError(reason);
  if (why) errors.push({ field: 'reason', message: why });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { unit: unit as string, date: date as string, requestedLevel: level, reason: (reason as string).trim() } };
}
