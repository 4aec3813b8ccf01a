import { once } from 'node:events';

import { ZipArchive } from 'archiver';

import type { Campaign } from '../core/campaign/campaign.ts';
import { campaignDates } from '../core/campaign/campaign-clock.ts';
import { type DatasetEntry, DICTIONARY, type OpenDataRow, type OpenDataset, type OpenFormat } from '../core/open-data/dictionary.ts';
import { citationOf, LICENCE, openDataFileName } from '../core/open-data/licence.ts';
import { dailyCountRows, levelRows, type OpenStandings, type OpenUnit, reasonRows, standingRows } from '../core/open-data/rows.ts';
import { publicStandingRows } from '../core/publish/banded-standings.ts';
import { PUBLIC } from '../core/publish/small-numbers.ts';
import { datesBetween, localDate } from '../core/time/local-date.ts';
import { openDataCsv, openDataGeoJson, openDataJson } from '../render/open-data-files.ts';
import type { StoredAssessment } from '../store/assessment-store.ts';
import { listCampaigns } from '../store/campaign-store.ts';
import { readDemoState } from '../store/demo-store.ts';
import { dailyCubeOn, publishedAssessmentsOn, publishedDates, publishedTimeline } from '../store/open-data-reads.ts';
import { liveStandings, officialStandings } from './campaign-standings.ts';
import type { AppServices } from './services.ts';

/**
 * Open data (issue #20 item 5, docs/open-data.md): the published levels, their reasons, the daily
 * counts and the campaign standings of any published date, as files. Everything here is public
 * (figures below the ward in bands), built from the same published rows as the map, and written
 * with the columns of the one dictionary (src/core/open-data/dictionary.ts).
 */

export const OPEN_DATA_BASE = '/api/v1/open-data';

export function datasetOf(id: OpenDataset): DatasetEntry {
  return DICTIONARY.find((d) => d.id === id)!;
}

/** The dates a dataset has files for, oldest first: the published dates (standings: those within a campaign). */
export async function openDataDates(app: AppServices, dataset: OpenDataset): Promise<string[]> {
  const range = await publishedDates(app.store.db, app.risk.defaultRulebook);
  if (!range) return [];
  const all = datesBetween(range.first, range.last);
  if (dataset !== 'standings') return all;
  const inCampaign = new Set((await listCampaigns(app.store.db)).flatMap((c) => campaignDates(c)));
  return all.filter((d) => inCampaign.has(d));
}

/** The units valid on a date, as rows name them. */
function unitsOn(app: AppServices, date: string): Map<string, OpenUnit> {
  const tree = app.geography().treeOn(date);
  return new Map([...tree.byCode.values()].map((u) => [u.code, { code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode }]));
}

/** Where a date's published assessments are read from: one query for the date, or a timeline read once (the archive). */
type AssessmentsOn = (date: string) => Promise<StoredAssessment[]> | StoredAssessment[];

/** The rows of a dataset on a published date (the caller checked the date is one of `openDataDates`). */
export async function openDataRows(app: AppServices, dataset: OpenDataset, date: string, assessmentsOn?: AssessmentsOn): Promise<OpenDataRow[]> {
  const { simulated } = await readDemoState(app.store.db);
  const units = unitsOn(app, date);
  const rulebookId = app.risk.defaultRulebook;
  switch (dataset) {
    case 'levels':
    case 'reasons': {
      const rulebook = app.risk.rulebook(rulebookId)!;
      const assessments = await (assessmentsOn ?? ((d: string) => publishedAssessmentsOn(app.store.db, rulebookId, d)))(date);
      const build = dataset === 'levels' ? levelRows : reasonRows;
      return build(date, assessments, (code) => units.get(code), rulebook, simulated);
    }
    case 'daily-counts':
      return dailyCountRows(date, [...units.values()], await dailyCubeOn(app.store.db, date), simulated);
    case 'standings':
      return standingRows(date, await standingsOn(app, date), simulated);
  }
}

/** Every group of every campaign running on the date: its official cut once due, else the live table. */
async function standingsOn(app: AppServices, date: string): Promise<OpenStandings[]> {
  const levels = app.levelHistory;
  if (!levels) throw new LevelsUnavailable();
  const tables: OpenStandings[] = [];
  const campaigns = (await listCampaigns(app.store.db)).filter((c: Campaign) => campaignDates(c).includes(date));
  for (const campaign of campaigns)
    for (const group of campaign.groups) {
      const official = await officialStandings(app, campaign, levels, group, date);
      const standings = official ?? (await liveStandings(app, campaign, levels, group, date));
      const { table } = standings;
      tables.push({
        campaign: campaign.id,
        group,
        official: official !== null,
        cutAt: standings.cutAt,
        rows: publicStandingRows(table, table.rows, campaign.scoring, PUBLIC),
      });
    }
  return tables;
}

/** Campaign standings need the engine's level history, which a server wires in at start. */
export class LevelsUnavailable extends Error {
  constructor() {
    super('levels not available yet: the risk engine is not connected');
  }
}

/** One rendered file: its bytes, media type and download name. */
export interface OpenDataFile {
  body: string;
  type: string;
  fileName: string;
}

const MEDIA_TYPES: Record<OpenFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/** The per-date URL of a file: the one a citation names. */
export function openDataUrl(dataset: OpenDataset, date: string, format: OpenFormat): string {
  return `${OPEN_DATA_BASE}/${dataset}/${date}.${format}`;
}

/** A dataset's file of a published date in a format the dataset offers (`origin` makes its URL absolute in citations). */
export async function openDataFile(app: AppServices, dataset: OpenDataset, date: string, format: OpenFormat, origin = ''): Promise<OpenDataFile> {
  const entry = datasetOf(dataset);
  const rows = await openDataRows(app, dataset, date);
  const fileName = openDataFileName(dataset, date, format);
  if (format === 'csv') return { body: openDataCsv(entry, rows), type: MEDIA_TYPES.csv, fileName };
  const url = `${origin}${openDataUrl(dataset, date, format)}`;
  const meta = {
    date,
    url,
    dictionary: `${origin}${OPEN_DATA_BASE}/dictionary`,
    citation: citationOf(entry.title, date, url, localDate(app.now?.() ?? new Date())),
    simulated: rows.some((r) => r.simulated === true) || (await readDemoState(app.store.db)).simulated,
  };
  if (format === 'json') return { body: openDataJson(entry, rows, meta), type: MEDIA_TYPES.json, fileName };
  return { body: openDataGeoJson(entry, rows, (code) => app.geography().geometryOf(code), meta), type: MEDIA_TYPES.geojson, fileName };
}

/** The dictionary as the endpoint and the archive give it: datasets, fields, licence. */
export function openDataDictionary() {
  return {
    licence: LICENCE,
    datasets: DICTIONARY.map((d) => ({ ...d, formats: [...d.formats], fields: [...d.fields] })),
  };
}

/** The dictionary as a CSV table (one line per field), for the archive. */
export function dictionaryCsv(): string {
  const quote = (s: string | null) => (s === null ? '' : /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['dataset,field,type,nullable,unit_vi,unit_en,meaning_vi,meaning_en,source_vi,source_en'];
  for (const d of DICTIONARY)
    for (const f of d.fields)
      lines.push(
        [d.id, f.name, f.type, String(f.nullable), f.unit?.vi ?? null, f.unit?.en ?? null, f.meaning.vi, f.meaning.en, f.source.vi, f.source.en]
          .map(quote)
          .join(','),
      );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The archive's README: what it holds, the licence and the citation. */
export function archiveReadme(dates: { first: string; last: string } | null, url: string, accessed: string): string {
  const citation = citationOf({ vi: 'Dữ liệu mở Vùng Xanh (toàn bộ)', en: 'Vùng Xanh open data (bulk archive)' }, null, url, accessed);
  return [
    'Vùng Xanh — dữ liệu mở / open data',
    '',
    dates ? `Ngày / Dates: ${dates.first} … ${dates.last}` : 'Chưa có ngày nào được công bố / No date published yet',
    '',
    'Mỗi thư mục là một bộ dữ liệu, mỗi tệp một ngày (CSV, UTF-8 có BOM). dictionary.csv / dictionary.json mô tả từng cột.',
    'Each folder is one dataset, each file one date (CSV, UTF-8 with BOM). dictionary.csv / dictionary.json describe every column.',
    '',
    `Giấy phép / Licence: ${LICENCE.name} (${LICENCE.id}) — ${LICENCE.url}`,
    LICENCE.figures.vi,
    LICENCE.figures.en,
    LICENCE.geography.vi,
    LICENCE.geography.en,
    LICENCE.simulated.vi,
    LICENCE.simulated.en,
    '',
    'Trích dẫn / Citation:',
    citation.vi,
    citation.en,
    '',
  ].join('\r\n');
}

/**
 * The bulk archive: every published date of every dataset as CSV (`levels/2021-07-14.csv`, the
 * same bytes as its per-date URL), the dictionary (JSON and CSV) and a README with the licence
 * and the citation. Entries are handed to `emit` one by one as they are made (`emit` may wait,
 * so a slow client holds the writer back rather than filling memory).
 */
export async function writeOpenDataArchive(app: AppServices, emit: (chunk: Buffer) => Promise<void>, origin = ''): Promise<void> {
  const modified = app.now?.() ?? new Date();
  const zip = new ZipArchive({ zlib: { level: 6 } });
  // The archive's bytes go to `emit` as archiver makes them; an error in either ends both.
  const sent = (async () => {
    for await (const chunk of zip) await emit(chunk as Buffer);
  })();
  /** Adds one file and waits until archiver has taken it, so entries are made one at a time, not all held at once. */
  const add = async (name: string, content: string) => {
    const taken = once(zip, 'entry');
    zip.append(content, { name, date: modified });
    await Promise.race([taken, sent]);
  };
  try {
    const range = await publishedDates(app.store.db, app.risk.defaultRulebook);
    await add('README.txt', archiveReadme(range, `${origin}${OPEN_DATA_BASE}/archive.zip`, localDate(modified)));
    await add('dictionary.json', `${JSON.stringify(openDataDictionary(), null, 2)}\n`);
    await add('dictionary.csv', dictionaryCsv());
    const timeline = range ? await publishedTimeline(app.store.db, app.risk.defaultRulebook, range.last) : undefined;
    for (const dataset of DICTIONARY) {
      for (const date of await openDataDates(app, dataset.id)) {
        await add(`${dataset.id}/${date}.csv`, openDataCsv(dataset, await openDataRows(app, dataset.id, date, timeline)));
      }
    }
    await zip.finalize();
  } catch (error) {
    zip.abort();
    throw error;
  }
  await sent;
}
