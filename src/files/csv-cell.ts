/**
 * A text cell that a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with
 * = + - @, a tab or a carriage return. Leading quotes are looked through, so that a cell which
 * already starts with ' before one of those is quoted again and the escape stays reversible.
 */
const FORMULA_LEADING = /^'*[=+\-@\t\r]/;
/** A cell `neutralisedCell` quoted: one or more ' before a formula character. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;
/** A plain decimal number (a count of -1 included): a spreadsheet reads it as a number, never a formula, and it is kept as is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The text of a cell as a spreadsheet may open it safely: one ' before formula-leading text, which
 * Excel and LibreOffice show as text. `restoredCell` undoes it exactly when the file comes back.
 */
export function neutralisedCell(value: unknown): string {
  const s = String(value);
  if (typeof value === 'number' || PLAIN_NUMBER.test(s) || !FORMULA_LEADING.test(s)) return s;
  return `'${s}`;
}

/** A cell read back from a report this server wrote: the ' that `neutralisedCell` put there taken off. */
export function restoredCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** One CSV cell (RFC 4180), neutralised for spreadsheets, quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: unknown): string {
  const s = neutralisedCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
