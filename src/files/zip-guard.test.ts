import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';

import { checkZip, ZipRejected } from './zip-guard.ts';

describe('checkZip', () => {
  it('passes an ordinary archive', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>'.repeat(100));
    expect(() => checkZip(new Uint8Array(0))).toThrow(ZipRejected);
    checkZip(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  });

  it('refuses a bomb by its compression ratio and by its total unpacked size', async () => {
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', '0'.repeat(20 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(() => checkZip(bomb)).toThrow(/bomb/);
    expect(() => checkZip(bomb, { maxUncompressedBytes: 10 * 1024 * 1024, maxEntries: 10, maxRatio: 1e9 })).toThrow(/too large/);
  });
});
