import { describe, expect, it } from 'vitest';

import { personalDataKind, refusePersonalData } from './personal-data.ts';

describe('personal data in a case label', () => {
  it.each([
    ['0909123456', 'phone'],
    ['090 912 3456', 'phone'],
    ['0909.123.456', 'phone'],
    ['+84 909 123 456', 'phone'],
    ['84909123456', 'phone'],
    ['(028) 3829 1234', 'phone'],
    ['02838291234', 'phone'],
    ['079201012345', 'national_id'],
    ['079 201 012 345', 'national_id'],
    ['123456789', 'national_id'],
    ['nguyen.van.a@gmail.com', 'email'],
    ['a.b@cdc.hochiminhcity.gov.vn', 'email'],
  ])('%s is %s', (text, kind) => {
    expect(personalDataKind(text)).toBe(kind);
  });

  it.each([
    'BN12345',
    'BN123456789',
    'SIM-C26740-3',
    'HCM-2021-07-10-0042',
    '12345678',
    '1234567890123',
    '2021-07-10',
    'Chợ Bà Chiểu',
    'Hẻm 76 Nguyễn Thái Bình',
    'KP3@Bến Nghé',
    'cluster@home',
    '0123456789',
  ])('%s passes', (text) => {
    expect(personalDataKind(text)).toBeNull();
  });

  it('refuses with a reason in both languages', () => {
    const refused = refusePersonalData('0909123456');
    expect(refused).toMatchObject({ ok: false, code: 'personal_data' });
    expect(!refused.ok && refused.message).toMatch(/số điện thoại.*phone number/);
    expect(refusePersonalData('BN1')).toEqual({ ok: true, value: 'BN1' });
  });
});
