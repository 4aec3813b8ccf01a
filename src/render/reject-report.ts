import { FIELDS, REPORT_COLUMNS } from '../core/cases/headers.ts';
import type { FieldError, IntakeKind } from '../core/cases/records.ts';
import { displayDate } from '../core/time/local-date.ts';
import { csvCell } from '../files/csv-cell.ts';

/**
 * The rejects report, the same from the CLI and from an upload: one line per refused row, why it
 * was refused, then the row's own fields under their field names. An officer opens it in a
 * spreadsheet, fixes the cells and uploads it again as it is: the field columns map back to
 * the fields, and the reason columns are skipped (headers.ts, REPORT_COLUMNS).
 */
export function rejectReportHeader(kind: IntakeKind): string {
  const c = REPORT_COLUMNS;
  return [c.row, c.reason, c.fields, c.codes, c.candidates, ...FIELDS[kind], c.unreadable].map(csvCell).join(',');
}

/** One refused row; `raw` is what was kept of it (known fields only, or the text of a line that could not be read). */
export function rejectReportLine(kind: IntakeKind, position: number, errors: readonly FieldError[], raw: Readonly<Record<string, unknown>>): string {
  const candidates = new Set<string>();
  for (const e of errors) for (const c of e.candidates ?? []) candidates.add(`${c.code} ${c.name}${c.parent ? ` (${c.parent})` : ''}`);
  const cells: unknown[] = [
    position,
    errors.map((e) => e.message).join(' | '),
    [...new Set(errors.map((e) => e.field))].join(', '),
    [...new Set(errors.map((e) => e.code))].join(', '),
    [...candidates].join('; '),
  ];
  const fields = FIELDS[kind];
  for (const field of fields) cells.push(cellText(raw[field], DATE_FIELDS.has(field)));
  // A line that was not JSON, or not an object, has no fields to fix: its text is shown apart.
  let unreadable = '';
  for (const key in raw) if (!fields.includes(key)) unreadable += (unreadable ? ' ' : '') + cellText(raw[key]);
  cells.push(unreadable);
  return cells.map(csvCell).join(',');
}

/** A spreadsheet date cell, as a Date (read here) or as JSON made it (stored rejects). */
const UTC_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?Z$/;
/** An ISO day as a sender wrote it in a date field. */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The fields that hold a day: written back dd/mm/yyyy, as officers read dates (intake reads both). */
const DATE_FIELDS = new Set(['confirmedDate', 'date']);

function cellText(value: unknown, isDate = false): string {
  if (value === undefined || value === null) return '';
  // Dates as the sheet showed them (dd/mm/yyyy), which an upload reads back as the same day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : displayDate(value.toISOString().slice(0, 10));
  if (typeof value === 'string') {
    const m = UTC_MIDNIGHT.exec(value);
    if (m) return displayDate(m[1]);
    return isDate && ISO_DAY.test(value.trim()) ? displayDate(value.trim()) : value;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
