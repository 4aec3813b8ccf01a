import { describe, expect, it } from 'vitest';

import { fold } from './fold.ts';

describe('fold', () => {
  it.each([
    ['Phường Bến Nghé', 'phuong ben nghe'],
    ['BẾN NGHÉ', 'ben nghe'],
    ['Đa Kao', 'da kao'],
    ['Phường  An Lạc', 'phuong an lac'],
    ['Hoà Hòa', 'hoa hoa'],
    ['Thành phố Thủ Đức', 'thanh pho thu duc'],
    ['Q.1', 'q 1'],
  ])('%s → %s', (input, expected) => expect(fold(input)).toBe(expected));

  it('treats NFC and NFD input alike', () => {
    expect(fold('Bến Nghé'.normalize('NFD'))).toBe(fold('Bến Nghé'.normalize('NFC')));
  });
});
