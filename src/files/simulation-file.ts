import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import type { SimulatedRecord } from '../simulate/records.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { FileFormatError } from './read-records.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a `vungxanh simulate` file (NDJSON) for a replay: the meta line is skipped, every other
 * line must be a case or test record with its `reportedAt`. Returned in reporting order (stable,
 * so a correction stays after what it corrects). Errors name the line.
 */
export function readSimulationFile(path: string): SimulatedRecord[] {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new FileFormatError(`${name}: không đọc được tệp / cannot read the file`);
  }
  const lines = decodeUtf8(bytes, name).split('\n');
  const records: SimulatedRecord[] = [];
  let sorted = true;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new FileFormatError(`${name} dòng ${i + 1}: không phải JSON / line ${i + 1}: not JSON`);
    }
    const r = value as { kind?: string; reportedAt?: unknown } | null;
    if (r?.kind === 'meta') continue;
    if (r?.kind !== 'case' && r?.kind !== 'test')
      throw new FileFormatError(`${name} dòng ${i + 1}: [kind] phải là meta, case hoặc test / line ${i + 1}: [kind] must be meta, case or test`);
    if (typeof r.reportedAt !== 'string' || !INSTANT.test(r.reportedAt)) {
      throw new FileFormatError(
        `${name} dòng ${i + 1}: [reportedAt] cần thời điểm ISO 8601 UTC (…T06:05:40.000Z) / line ${i + 1}: [reportedAt] must be an ISO 8601 UTC instant`,
      );
    }
    const record = value as SimulatedRecord;
    if (records.length > 0 && record.reportedAt < records[records.length - 1].reportedAt) sorted = false;
    records.push(record);
  }
  // Array.prototype.sort is stable: records with one reportedAt keep the file's order.
  if (!sorted) records.sort((a, b) => (a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0));
  return records;
}
