import { personalDataRefusal } from '../appeals/free-text-personal-data.ts';
import type { Person } from './nomination.ts';
import type { FieldError } from './reward-scheme.ts';
import type { Subject } from './reward-scheme.ts';

/**
 * A nomination's fields as sent (JSON, or the `nomination` field of a form), checked all at once so
 * every fault is named. Free text (summary, name, position) is read by the Board and the name and
 * position are public once approved: a phone number, ID number or e-mail address in it is refused,
 * as in appeals (individuals are officials and volunteers, never patients).
 */
export interface NominationFields {
  subject: Subject;
  unit: string;
  form: string;
  criterion: string;
  person: Person | null;
  summary: string;
}

export const SUMMARY_LIMITS = { min: 10, max: 4000 } as const;
const UNIT_CODE = /^[0-9A-Za-z._@-]{1,40}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const KNOWN = new Set(['subject', 'unit', 'form', 'criterion', 'person', 'summary']);
const PERSON_KNOWN = new Set(['name', 'position', 'kind']);

function text(raw: unknown, field: string, limits: { min: number; max: number }, errors: FieldError[], required: boolean): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (required) errors.push({ field, message: 'bắt buộc / is required' });
    return '';
  }
  if (typeof raw !== 'string') {
    errors.push({ field, message: 'cần chuỗi văn bản / must be text' });
    return '';
  }
  const t = raw.trim();
  if (t.length < limits.min) errors.push({ field, message: `ít nhất ${limits.min} ký tự / at least ${limits.min} characters` });
  else if (t.length > limits.max) errors.push({ field, message: `tối đa ${limits.max} ký tự / at most ${limits.max} characters` });
  else {
    const why = personalDataRefusal(t);
    if (why) errors.push({ field, message: why });
  }
  return t;
}

export function checkNominationFields(raw: Readonly<Record<string, unknown>>): { ok: true; value: NominationFields } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) errors.push({ field: key, message: 'trường không được nhận / unknown field' });
  const { subject, unit, form, criterion, person, summary } = raw;
  if (subject !== 'collective' && subject !== 'individual')
    errors.push({ field: 'subject', message: 'cần collective hoặc individual / must be collective or individual' });
  if (typeof unit !== 'string' || !UNIT_CODE.test(unit)) errors.push({ field: 'unit', message: 'cần mã đơn vị / a unit code is required' });
  if (typeof form !== 'string' || !ID.test(form)) errors.push({ field: 'form', message: 'cần mã hình thức khen thưởng / a form id is required' });
  if (typeof criterion !== 'string' || !ID.test(criterion)) errors.push({ field: 'criterion', message: 'cần mã tiêu chí / a criterion id is required' });
  let who: Person | null = null;
  if (subject === 'individual') {
    if (typeof person !== 'object' || person === null || Array.isArray(person))
      errors.push({ field: 'person', message: 'bắt buộc với cá nhân / is required for an individual' });
    else {
      const p = person as Record<string, unknown>;
      for (const key of Object.keys(p)) if (!PERSON_KNOWN.has(key)) errors.push({ field: `person.${key}`, message: 'trường không được nhận / unknown field' });
      const name = text(p.name, 'person.name', { min: 2, max: 120 }, errors, true);
      const position = text(p.position, 'person.position', { min: 2, max: 200 }, errors, true);
      if (p.kind !== 'official' && p.kind !== 'volunteer')
        errors.push({ field: 'person.kind', message: 'cần official (cán bộ) hoặc volunteer (tình nguyện viên) / must be official or volunteer' });
      who = { name, position, kind: p.kind as Person['kind'] };
    }
  } else if (subject === 'collective' && person !== undefined && person !== null)
    errors.push({ field: 'person', message: 'tập thể không có người / a collective names no person' });
  const said = text(summary, 'summary', SUMMARY_LIMITS, errors, subject === 'individual');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { subject: subject as Subject, unit: unit as string, form: form as string, criterion: criterion as string, person: who, summary: said },
  };
}
