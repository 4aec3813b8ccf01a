import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';

import { tableCrc32, ZipWriter } from './zip-writer.ts';

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The open data's archive writer, read back by a real ZIP reader (JSZip) and Info-ZIP's `unzip -t` where installed. */
describe('ZipWriter', () => {
  const entries: Array<[string, string | Buffer]> = [
    ['README.txt', 'Vùng Xanh — dữ liệu mở\r\n'],
    ['mức-độ/2021-07-14.csv', `\uFEFFdate,name\r\n${'2021-07-14,Phường Bến Nghé\r\n'.repeat(2000)}`],
    ['empty.txt', ''],
    ['random.bin', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))],
  ];
  const write = () => {
    const chunks: Buffer[] = [];
    const zip = new ZipWriter((c) => chunks.push(c), new Date('2021-07-14T05:00:00Z'));
    for (const [name, content] of entries) zip.add(name, content);
    zip.finish();
    return Buffer.concat(chunks);
  };

  it('writes an archive a ZIP reader opens, every entry intact, names in UTF-8', async () => {
    const archive = write();
    const zip = await JSZip.loadAsync(archive);
    expect(Object.keys(zip.files)).toEqual(entries.map(([name]) => name));
    for (const [name, content] of entries) {
      const read = await zip.file(name)!.async('nodebuffer');
      expect(read.equals(typeof content === 'string' ? Buffer.from(content) : content), name).toBe(true);
    }
    // Deflated where that helps: the repetitive CSV shrinks.
    expect(archive.length).toBeLessThan(Buffer.byteLength(entries[1][1]) / 5);
  });

  // Shown as skipped, not passed, on a machine without Info-ZIP.
  it.skipIf(!hasUnzip())('passes unzip -t (Info-ZIP)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vx-zip-')), 'a.zip');
    writeFileSync(file, write());
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('computes the same CRC-32 by table as zlib', () => {
    for (const [, content] of entries) {
      const data = typeof content === 'string' ? Buffer.from(content) : content;
      expect(tableCrc32(data)).toBe(crc32(data));
    }
  });
});
