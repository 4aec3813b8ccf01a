import type { Feature, FeatureCollection, Geometry } from 'geojson';

import { type DatasetEntry, type OpenDataRow, type OpenDataValue } from '../core/open-data/dictionary.ts';
import { LICENCE } from '../core/open-data/licence.ts';
import { csvCell } from '../files/csv-cell.ts';

/**
 * One dataset's rows as files (docs/open-data.md). The columns are the dictionary's fields, in
 * its order: a row holding a field the dictionary does not describe is a programming error and
 * is refused here, so no file ever carries an undocumented column.
 */

function checked(dataset: DatasetEntry, rows: readonly OpenDataRow[]): void {
  const known = new Set(dataset.fields.map((f) => f.name));
  for (const row of rows)
    for (const key of Object.keys(row)) if (!known.has(key)) throw new Error(`open data ${dataset.id}: field ${key} has no dictionary entry`);
}

function csvValue(value: OpenDataValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return csvCell(JSON.stringify(value));
  return csvCell(value);
}

/**
 * CSV (RFC 4180) with a UTF-8 byte-order mark, so a spreadsheet opens the diacritics right; one
 * header line of the dictionary's field names; every text cell neutralised against formulas.
 */
export function openDataCsv(dataset: DatasetEntry, rows: readonly OpenDataRow[]): string {
  checked(dataset, rows);
  const names = dataset.fields.map((f) => f.name);
  const lines = [names.join(','), ...rows.map((row) => names.map((n) => csvValue(row[n])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** What a JSON or GeoJSON file says about itself beside its rows. */
export interface OpenDataMeta {
  date: string;
  /** Where the file is downloaded from (its per-date URL) and the dictionary. */
  url: string;
  dictionary: string;
  citation: { vi: string; en: string };
  simulated: boolean;
}

function about(dataset: DatasetEntry, meta: OpenDataMeta) {
  return {
    dataset: dataset.id,
    title: dataset.title,
    date: meta.date,
    url: meta.url,
    dictionary: meta.dictionary,
    licence: { id: LICENCE.id, url: LICENCE.url, geography: LICENCE.geography },
    citation: meta.citation,
    simulated: meta.simulated,
  };
}

export function openDataJson(dataset: DatasetEntry, rows: readonly OpenDataRow[], meta: OpenDataMeta): string {
  checked(dataset, rows);
  const names = dataset.fields.map((f) => f.name);
  // Every field present in every row, in dictionary order, null where empty.
  const ordered = rows.map((row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null])));
  return JSON.stringify({ ...about(dataset, meta), fields: names, rows: ordered });
}

/**
 * GeoJSON (RFC 7946): each row a feature, its fields the properties, joined to its unit's
 * boundary; a unit without a boundary is a feature with a null geometry, so none is lost.
 */
export function openDataGeoJson(
  dataset: DatasetEntry,
  rows: readonly OpenDataRow[],
  geometryOf: (code: string) => Geometry | null,
  meta: OpenDataMeta,
): string {
  checked(dataset, rows);
  const names = dataset.fields.map((f) => f.name);
  const features: Feature[] = rows.map((row) => ({
    type: 'Feature',
    properties: Object.fromEntries(names.map((n) => [n, row[n] ?? null])),
    geometry: geometryOf(String(row.code)) as Geometry,
  }));
  const collection: FeatureCollection & Record<string, unknown> = { type: 'FeatureCollection', ...about(dataset, meta), features };
  return JSON.stringify(collection);
}
