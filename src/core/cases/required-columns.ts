import { distance } from 'fastest-levenshtein';

import { fold } from '../geo/fold.ts';
import { COLUMN_NAME, HEADER_ALIASES, mapHeaders, REQUIRED_FIELDS } from './headers.ts';
import type { IntakeKind } from './records.ts';

/** A required column a header row lacks, with the header found that comes closest to it (a typo, a near name). */
export interface MissingColumn {
  field: string;
  /** The column a Vietnamese sheet calls it ("Ngày xác định"). */
  column: string;
  /** The unmapped header nearest to one of the field's names, folded; null when every header mapped to something. */
  closest: string | null;
  /** Edits between the two, folded (0: the same once accents and case are set aside). */
  distance: number | null;
}

/**
 * Why a file's header row is refused before any row is read: without these columns every row
 * would be refused for the same reason, thousands of rejects that all say one thing.
 */
export interface ColumnRefusal {
  kind: IntakeKind;
  missing: MissingColumn[];
  /** The header row as found (blank headers left out). */
  headers: string[];
}

/**
 * The required columns of `kind` a header row lacks (a unit is named by a code or by a ward,
 * reported as `unit`), in the order REQUIRED_FIELDS lists them.
 */
export function requiredColumnsMissing(kind: IntakeKind, headers: readonly string[]): string[] {
  const mapped = new Set(mapHeaders(kind, headers).columns);
  const missing = REQUIRED_FIELDS[kind].filter((field) => !mapped.has(field));
  if (!mapped.has('unit') && !mapped.has('ward')) missing.push('unit');
  return missing;
}

/** The refusal of a header row that lacks a required column of its kind, or null when it has them all. */
export function columnRefusal(kind: IntakeKind, headers: readonly string[]): ColumnRefusal | null {
  const missing = requiredColumnsMissing(kind, headers);
  if (missing.length === 0) return null;
  const { unknown } = mapHeaders(kind, headers);
  return {
    kind,
    missing: missing.map((field) => ({ field, column: COLUMN_NAME[field], ...closestHeader(field, unknown) })),
    headers: headers.filter((h) => h.trim() !== ''),
  };
}

/** The header (among those that fed no field) with the fewest edits to any name of the field, folded, if any comes near. */
function closestHeader(field: string, unmapped: readonly string[]): { closest: string | null; distance: number | null } {
  const names = (field === 'unit' ? [...HEADER_ALIASES.unit, ...HEADER_ALIASES.ward] : HEADER_ALIASES[field]).map(fold);
  let best: { closest: string | null; distance: number | null } = { closest: null, distance: null };
  for (const header of unmapped) {
    const folded = fold(header);
    for (const name of names) {
      const d = distance(folded, name);
      // Only a header that could be a misspelling or a longer form of the name is offered: "STT"
      // is no near miss for "Nguồn lây", whatever else the sheet lacks.
      const near = d <= Math.max(2, Math.ceil(name.length / 3)) || (folded.length >= 3 && (folded.includes(name) || name.includes(folded)));
      if (near && (best.distance === null || d < best.distance)) best = { closest: header, distance: d };
    }
  }
  return best;
}

/** Rows looked at for the header: a CDC sheet opens with the issuing office, a title and a date line or two. */
export const HEADER_SEARCH_ROWS = 10;

/**
 * Which of a file's first rows is its header. Sheets as the field makes them open with lines above
 * the table ("SỞ Y TẾ TP. HỒ CHÍ MINH", "DANH SÁCH CA BỆNH NGÀY 10/07/2021", a blank line): the
 * header is the first row that holds every column the kind requires, else the first row that
 * maps the most columns (so a refusal names the headers the sender meant), else the first row.
 */
export function headerRowIndex(kind: IntakeKind, rows: ReadonlyArray<readonly string[]>): number {
  let best = 0;
  let bestMapped = 0;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    if (requiredColumnsMissing(kind, rows[i]).length === 0) return i;
    const mapped = mapHeaders(kind, rows[i]).columns.filter((c) => c !== null).length;
    if (mapped > bestMapped) [best, bestMapped] = [i, mapped];
  }
  return best;
}

/** The refusal in both languages: what is missing, what the file has, and the nearest header for each missing one. */
export function columnRefusalMessage(refusal: ColumnRefusal): string {
  const found = refusal.headers.length > 0 ? refusal.headers.map((h) => `"${h}"`).join(', ') : '—';
  const vi = refusal.missing.map((m) => `"${m.column}" (${m.field})${m.closest !== null ? `, gần nhất là "${m.closest}"` : ''}`).join('; ');
  const en = refusal.missing.map((m) => `${m.field} ("${m.column}")${m.closest !== null ? `, closest header "${m.closest}"` : ''}`).join('; ');
  return (
    `tệp thiếu cột bắt buộc: ${vi}. Các cột trong tệp: ${found}. Chưa dòng nào được nhập; sửa tiêu đề (xem docs/intake-headers.md) rồi gửi lại` +
    ` / the file lacks required columns: ${en}. Its headers: ${found}. No row was imported; fix the headers (see docs/intake-headers.md) and send it again`
  );
}

/** One line per missing column, for a problem document's `errors`. */
export function columnRefusalErrors(refusal: ColumnRefusal): Array<{ field: string; message: string }> {
  return refusal.missing.map((m) => ({
    field: m.field,
    message:
      `thiếu cột "${m.column}"${m.closest !== null ? `; cột gần nhất: "${m.closest}"` : ''}` +
      ` / missing column "${m.column}"${m.closest !== null ? `; closest header: "${m.closest}"` : ''}`,
  }));
}
