import { describe, expect, it } from 'vitest';

import { checkNominationFields } from './nomination-fields.ts';

const PERSON = { name: 'Nguyễn Thị Hoa', position: 'Tổ trưởng tổ COVID cộng đồng', kind: 'volunteer' };
const INDIVIDUAL = { subject: 'individual', unit: '26740', form: 'f', criterion: 'c', person: PERSON, summary: 'Vận động người dân tiêm chủng suốt đợt' };
const fieldsOf = (raw: Record<string, unknown>) => {
  const r = checkNominationFields(raw);
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('a nomination’s fields', () => {
  it('takes a collective without a summary and an individual with one', () => {
    expect(checkNominationFields({ subject: 'collective', unit: '26740', form: 'f', criterion: 'c' }).ok).toBe(true);
    expect(checkNominationFields(INDIVIDUAL)).toMatchObject({ ok: true, value: { person: PERSON } });
  });

  it.each([
    ['a phone number in the summary', { ...INDIVIDUAL, summary: 'Gọi 0903 123 456 để biết thêm' }, 'summary'],
    ['an e-mail address in the position', { ...INDIVIDUAL, person: { ...PERSON, position: 'Cán bộ, hoa.nguyen@example.vn' } }, 'person.position'],
    ['a national ID number in the name', { ...INDIVIDUAL, person: { ...PERSON, name: 'Hoa 079201012345' } }, 'person.name'],
    ['an individual without a summary', { ...INDIVIDUAL, summary: '' }, 'summary'],
    ['an individual without a person', { ...INDIVIDUAL, person: undefined }, 'person'],
    ['a person of another kind (a patient is never one)', { ...INDIVIDUAL, person: { ...PERSON, kind: 'patient' } }, 'person.kind'],
    ['a collective naming a person', { subject: 'collective', unit: '26740', form: 'f', criterion: 'c', person: PERSON }, 'person'],
    ['an unknown subject', { ...INDIVIDUAL, subject: 'family' }, 'subject'],
    ['an unknown field', { ...INDIVIDUAL, phone: '1' }, 'phone'],
  ])('refuses %s, naming the field', (_what, raw, field) => {
    expect(fieldsOf(raw as Record<string, unknown>)).toContain(field);
  });
});
