import type { FieldError } from '../core/cases/records.ts';
import { csvCell } from '../files/csv-cell.ts';

/** The rejects report, the same from the CLI and from an upload: one line per reason. */
export const REJECT_REPORT_HEADER = 'row,id,field,code,message,candidates,raw';

export function rejectReportLines(position: number, id: string | null, errors: readonly FieldError[], rawJson: string): string[] {
  return errors.map((e) =>
    [position, id ?? '', e.field, e.code, e.message, (e.candidates ?? []).map((c) => `${c.code} ${c.name}${c.parent ? ` (${c.parent})` : ''}`).join('; '), rawJson].map(csvCell).join(','),
  );
}
