import { describe, expect, it } from 'vitest';

import { personalDataIn } from './free-text-personal-data.ts';

describe('personal data in free text', () => {
  it('finds phone numbers, ID numbers and e-mail addresses inside a sentence', () => {
    expect(personalDataIn('Liên hệ chị Lan 0903 123 456 để xác minh')).toBe('phone');
    expect(personalDataIn('gọi (+84) 903.123.456 nhé')).toBe('phone');
    expect(personalDataIn('máy bàn 028 3829 1234.')).toBe('phone');
    expect(personalDataIn('CCCD 079123456789 đã cách ly')).toBe('national_id');
    expect(personalDataIn('CMND 123456789')).toBe('national_id');
    expect(personalDataIn('thư cho lan.nguyen@example.com.')).toBe('email');
    expect(personalDataIn('hai số 0903123456, 0912345678')).toBe('phone');
  });

  it('lets through what an appeal is made of: dates, counts, decisions, place names', () => {
    expect(personalDataIn('Các ca bệnh đều trong khu cách ly tập trung, không lây ra cộng đồng')).toBeNull();
    expect(personalDataIn('Theo Quyết định 2686/QĐ-BCĐQG ngày 31/05/2021, 12 ca trong 14 ngày')).toBeNull();
    expect(personalDataIn('Phường Nguyễn Thái Bình, chợ Bà Chiểu, 1.234 xét nghiệm')).toBeNull();
    expect(personalDataIn('ổ dịch @ chợ Bến Thành')).toBeNull();
  });
});
