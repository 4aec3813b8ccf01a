import * as zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309) by table: what an older Node, without zlib.crc32, uses. */
export function tableCrc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** zlib's CRC-32 where Node has it (20.15 and 22.2 on: package.json allows any Node 20), the table otherwise. */
const crc32: (data: Buffer) => number = typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : tableCrc32;

/**
 * A ZIP archive (PKWARE APPNOTE 6.3, no ZIP64) written entry by entry as its bytes are ready, for
 * the open data's bulk download (docs/open-data.md). No zip library is a runtime dependency
 * (exceljs brings archiver 5 along, jszip is a test tool), and writing one needs only zlib: each
 * entry is deflated whole (a day's file is kilobytes), so its CRC and sizes go in its local
 * header and no data descriptor is needed; the central directory follows the last entry.
 */
export class ZipWriter {
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  /** `emit` receives the archive's bytes in order; `modified` dates every entry (the state's instant). */
  constructor(
    private readonly emit: (chunk: Buffer) => void,
    private readonly modified: Date,
  ) {}

  /** Adds one file (a path with / separators, UTF-8 name). */
  add(path: string, content: string | Buffer): void {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const name = Buffer.from(path, 'utf8');
    const packed = zlib.deflateRawSync(data, { level: 6 });
    // Stored when deflate does not help (tiny files).
    const deflated = packed.length < data.length;
    const body = deflated ? packed : data;
    const crc = crc32(data);
    const { time, date } = dosDateTime(this.modified);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // bit 11: the name is UTF-8
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(deflated ? 8 : 0, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(0o100644 * 0x10000, 38); // external attributes: a regular file, rw-r--r--
    entry.writeUInt32LE(this.offset, 42);
    if (this.offset + local.length + name.length + body.length > 0xffffffff || this.count === 0xffff)
      throw new Error('zip: beyond the 4 GB / 65,535 entries of a ZIP without ZIP64');
    this.central.push(entry, name);
    this.emit(Buffer.concat([local, name, body]));
    this.offset += local.length + name.length + body.length;
    this.count++;
  }

  /** Writes the central directory: the archive is complete after this. */
  finish(): void {
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    this.emit(Buffer.concat([directory, end]));
  }
}

/** MS-DOS date and time (2-second steps), in Viet Nam time: what unzip shows as the file's date. */
function dosDateTime(at: Date): { time: number; date: number } {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const year = Math.max(1980, local.getUTCFullYear());
  return {
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | Math.floor(local.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
  };
}
