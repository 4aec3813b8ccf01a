import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

import { parse } from 'csv-parse/sync';

import type { RawFeature, RawRecord } from '../core/geo/geo-import.ts';
import { decodeUtf8 } from './decode-utf8.ts';

/** A file that could not be read as the format its name says; names the file and where. */
export class FileFormatError extends Error {}

/**
 * Reads a table of records from CSV (header row), JSON (an array of objects) or NDJSON.
 * Row numbers are the ones a person sees in a spreadsheet: the header is row 1.
 */
export function readRecords(path: string): RawRecord[] {
  return recordsOf(readFileSync(path), basename(path));
}

/** The same, from a file's bytes (an upload), its format told by its name. */
export function recordsOf(bytes: Uint8Array, name: string): RawRecord[] {
  const text = decodeUtf8(bytes, name);
  const ext = extname(name).toLowerCase();
  if (ext === '.json') {
    const parsed = parseJson(text, name);
    if (!Array.isArray(parsed)) throw new FileFormatError(`${name}: expected a JSON array of records`);
    return parsed.map((values, i) => ({ row: i + 1, values: asObject(values, name, i + 1) }));
  }
  if (ext === '.ndjson' || ext === '.jsonl') {
    return text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), row: i + 1 }))
      .filter((l) => l.line !== '')
      .map(({ line, row }) => ({ row, values: asObject(parseJson(line, `${name} line ${row}`), name, row) }));
  }
  try {
    const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: false }) as Record<string, string>[];
    return rows.map((values, i) => ({ row: i + 2, values }));
  } catch (error) {
    throw new FileFormatError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads the features of a GeoJSON FeatureCollection (or a single Feature). */
export function readFeatures(path: string): RawFeature[] {
  return featuresOf(readFileSync(path), basename(path));
}

/** The same, from a file's bytes (an upload). */
export function featuresOf(bytes: Uint8Array, name: string): RawFeature[] {
  const parsed = parseJson(decodeUtf8(bytes, name), name) as { type?: string; features?: unknown[] };
  if (parsed?.type === 'Feature') return [{ index: 1, feature: parsed }];
  if (parsed?.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new FileFormatError(`${name}: expected a GeoJSON FeatureCollection`);
  }
  return parsed.features.map((feature, i) => ({ index: i + 1, feature }));
}

/**
 * A JSON definition file (a campaign, a reward scheme), read and checked: errors name the file,
 * and each faulty field as `check` names it.
 */
export function readCheckedJsonFile<T>(
  path: string,
  check: (input: unknown) => { ok: true; value: T } | { ok: false; errors: ReadonlyArray<{ field: string; message: string }> },
): T {
  const name = basename(path);
  const result = check(parseJson(decodeUtf8(readFileSync(path), name), name));
  if (!result.ok) throw new FileFormatError(`${name}: ${result.errors.map((e) => `[${e.field}] ${e.message}`).join('; ')}`);
  return result.value;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function asObject(value: unknown, name: string, row: number): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FileFormatError(`${name} row ${row}: expected an object`);
  return value as Record<string, unknown>;
}
