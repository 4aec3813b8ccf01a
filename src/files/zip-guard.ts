/**
 * Checks a ZIP container (XLSX) before anything inflates it: an XLSX "bomb" of a few kilobytes can
 * claim gigabytes once unpacked. Reads the central directory only and refuses archives whose
 * declared sizes or compression ratio are beyond what a real spreadsheet of the allowed upload
 * size could hold.
 */
export interface ZipLimits {
  maxUncompressedBytes: number;
  maxEntries: number;
  maxRatio: number;
}

export const XLSX_LIMITS: ZipLimits = { maxUncompressedBytes: 400 * 1024 * 1024, maxEntries: 2000, maxRatio: 200 };

export class ZipRejected extends Error {}

/** What the central directory tells before anything is inflated. */
export interface ZipShape {
  /** Worksheet parts (xl/worksheets/sheetN.xml): the sheets of a workbook, charts and macros aside. */
  worksheets: number;
}

const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

export function checkZip(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS): ZipShape {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRejected('không phải tệp XLSX hợp lệ / not a valid XLSX (ZIP) file');
  const entries = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (entries > limits.maxEntries) throw new ZipRejected(`tệp XLSX có quá nhiều phần (${entries}) / too many entries in the XLSX`);
  let total = 0;
  let worksheets = 0;
  let p = dirOffset;
  for (let e = 0; e < entries; e++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipRejected('thư mục ZIP hỏng / corrupt ZIP directory');
    const compressed = view.getUint32(p + 20, true);
    const uncompressed = view.getUint32(p + 24, true);
    // ZIP64 markers (0xFFFFFFFF) mean sizes beyond 4 GiB: no spreadsheet we accept needs that.
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) throw new ZipRejected('tệp XLSX quá lớn (ZIP64) / XLSX too large (ZIP64)');
    total += uncompressed;
    if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
      throw new ZipRejected(`tỷ lệ nén bất thường (bom XLSX?) / suspicious compression ratio (XLSX bomb?)`);
    }
    const nameLength = view.getUint16(p + 28, true);
    if (p + 46 + nameLength > bytes.length) throw new ZipRejected('thư mục ZIP hỏng / corrupt ZIP directory');
    if (WORKSHEET_PART.test(Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLength).toString('latin1'))) worksheets++;
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  if (total > limits.maxUncompressedBytes) throw new ZipRejected(`tệp XLSX giải nén quá lớn (${Math.round(total / 1048576)} MB) / XLSX unpacks too large`);
  return { worksheets };
}
