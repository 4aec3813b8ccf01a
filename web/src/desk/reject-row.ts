import { FIELDS } from '../../../src/core/cases/headers.ts';
import type { IntakeKind } from '../../../src/core/cases/records.ts';

/**
 * A row the data desk refused, as the API lists it, and what the desk works out from it with no
 * DOM: the fields its fix form shows, their first values, the corrected row it sends again.
 */

export interface Candidate {
  code: string;
  name: string;
  parent: string | null;
}
export interface RejectError {
  field: string;
  code: string;
  message: string;
  candidates?: Candidate[];
}
export interface Reject {
  id: number;
  kind: string;
  channel: string;
  importId: string | null;
  fileName: string | null;
  position: number;
  recordId: string | null;
  raw: Record<string, unknown>;
  errors: RejectError[];
  receivedAt: string;
}
export interface ResubmitAnswer {
  accepted: number;
  unchanged: number;
  rejected: Array<{ index: number; id: string | null; errors: RejectError[] }>;
  resolved: boolean;
}

export interface RejectStrings {
  colRow: string;
  colId: string;
  colKind: string;
  colSource: string;
  colReasons: string;
  colAction: string;
  kinds: Record<string, string>;
  fields: Record<string, string>;
  channels: Record<string, string>;
  fromFile: (name: string) => string;
  candidatesIntro: string;
  candidate: (c: Candidate) => string;
  /** Where the row was in what was sent: a file's row, or an item's index in its batch (as the API's answer gave it). */
  where: (fromFile: boolean, position: number) => string;
  fix: string;
  fixRow: (where: string, id: string | null) => string;
  fixTitle: (where: string, id: string | null) => string;
  fixHelp: string;
  chooseUnit: string;
  resend: string;
  resending: string;
  cancel: string;
  landed: (where: string, id: string | null) => string;
  alreadyStored: (where: string, id: string | null) => string;
  stillRefused: string;
  failed: string;
  none: string;
  loading: string;
  /** `more`: the server holds further rows beyond the `n` shown. */
  openCount: (n: number, more: boolean) => string;
  more: string;
}

/** A form's edits survive a language switch (the table is drawn again in the other language). */
export interface OpenForm {
  values: Record<string, string>;
  errors: RejectError[];
  /** A resend was refused: the form says so, with `errors` as the new reasons. */
  refused: boolean;
}

/** The officer's word for a field, with the canonical name the reasons and the API use. */
export function fieldLabel(s: RejectStrings, field: string): string {
  const label = s.fields[field];
  return label ? `${label} (${field})` : field;
}

/** The raw row's fields in the order a template shows them, then the unit code (where a chosen candidate goes), then any field a reason names. */
export function formFields(r: Reject, state: OpenForm): string[] {
  const order = FIELDS[r.kind as IntakeKind] ?? [];
  const wanted = new Set([...Object.keys(r.raw), ...Object.keys(state.values)]);
  if (order.includes('unit')) wanted.add('unit');
  for (const e of r.errors) if (order.includes(e.field)) wanted.add(e.field);
  return [...order.filter((f) => wanted.has(f)), ...[...wanted].filter((f) => !order.includes(f))];
}

export function initialValues(r: Reject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(r.raw).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]),
  );
}

/**
 * The corrected row as JSON: an untouched field keeps its stored value and type (a number stays a
 * number), an edited one goes as the text typed (the server reads "1", "có", "10/07/2021"), and
 * an emptied one is left out, which the server reads as blank.
 */
export function correctedRow(r: Reject, values: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, text] of Object.entries(values)) {
    const original = r.raw[field];
    if (original !== undefined && original !== null && initialValues({ ...r, raw: { [field]: original } })[field] === text) row[field] = original;
    else if (text.trim() !== '') row[field] = text.trim();
  }
  return row;
}

export function uniqueCandidates(errors: RejectError[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const e of errors) for (const c of e.candidates ?? []) if (!seen.has(c.code)) seen.set(c.code, c);
  return [...seen.values()];
}

/** Files (uploads, the command line) are numbered by their row; batches (API, simulated feed) by the index the API's answer gave the sender. */
export function whereOf(s: RejectStrings, r: Reject): string {
  return s.where(r.importId !== null || r.channel === 'upload' || r.channel === 'cli', r.position);
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
