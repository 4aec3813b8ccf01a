import { describe, expect, it } from 'vitest';

import { attachmentName, attachmentType } from './attachment-type.ts';

describe('attachment type by first bytes', () => {
  it('knows PDF, PNG and JPEG whatever they are called', () => {
    expect(attachmentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(attachmentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(attachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
  });

  it('refuses everything else, a truncated signature included', () => {
    expect(attachmentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(attachmentType(Buffer.from('%PDF'))).toBeNull();
    expect(attachmentType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(attachmentType(Buffer.from('GIF89a'))).toBeNull();
    expect(attachmentType(Buffer.alloc(0))).toBeNull();
  });

  it('keeps a file name to its last segment, without quotes or control characters', () => {
    expect(attachmentName('C:\\Users\\lan\\biên bản.pdf')).toBe('biên bản.pdf');
    expect(attachmentName('../../etc/"x".png')).toBe('_x_.png');
    expect(attachmentName('a\r\nb.jpg')).toBe('a__b.jpg');
    expect(attachmentName(undefined)).toBe('tep-dinh-kem');
    expect(attachmentName('..')).toBe('tep-dinh-kem');
  });
});
