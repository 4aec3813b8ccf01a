import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DICTIONARY, fieldsOf, OPEN_DATASETS } from '../../src/core/open-data/dictionary.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #20 item 5, open data (docs/open-data.md): every dataset in every format it is offered
 * in, per date and as "latest"; the dictionary's fields are the files' columns; counts below the
 * ward in bands; names that a spreadsheet would run as formulas neutralised; bad requests answered
 * by problems naming the field; ETags and 304; the archive holds the same bytes as the per-date files.
 *
 * Phường Tân Định (26734) holds three khu phố. On 10 July: 6 community cases of unknown source in
 * Khu phố 2, 3 of known source in "=HYPERLINK" (a khu phố whose name is a formula), 2 in quarantine
 * in the ward itself; a test report of 120 tests, 11 positive, for the ward.
 */
const WARD = '26734';
const TODAY = new Date('2021-07-14T05:00:00Z'); // 12:00 in Ho Chi Minh City
const EVIL = '=HYPERLINK("http://x.invalid","kp")';

describe.each(ENGINES)('open data [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  let token: string;
  const codes: Record<string, string> = {};
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const ok = async (url: string) => {
    const r = await get(url);
    expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
    return r;
  };
  /** CSV text → header and rows of cells (the files here hold no quoted line breaks). */
  const parseCsv = (text: string) => {
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const split = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
    return { header: split(lines[0]), rows: lines.slice(1).map(split) };
  };

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    const list = join(mkdtempSync(join(tmpdir(), 'vx-od-')), 'khu-pho.csv');
    writeFileSync(
      list,
      `Tên khu phố/ấp,Phường/Xã,Quận/Huyện,Dân số\nKhu phố 1,Tân Định,Quận 1,4200\nKhu phố 2,Tân Định,Quận 1,3900\n"${EVIL.replace(/"/g, '""')}",Tân Định,Quận 1,5100\n`,
    );
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    for (const u of await store.db.selectFrom('units').select(['code', 'name']).where('kind', '=', 'neighbourhood').execute()) codes[u.name] = u.code;
    expect(codes[EVIL]).toBeDefined();
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => TODAY }));
    ({ token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test'));
    const row = (id: string, neighbourhood: string | undefined, setting: string, sourceKnown: boolean) => ({
      id,
      confirmedDate: '2021-07-10',
      ward: 'Phường Tân Định',
      district: 'Quận 1',
      ...(neighbourhood ? { neighbourhood } : {}),
      setting,
      sourceKnown,
    });
    const cases = [
      ...Array.from({ length: 6 }, (_, i) => row(`KP2-${i}`, 'Khu phố 2', 'community', false)),
      ...Array.from({ length: 3 }, (_, i) => row(`EV-${i}`, EVIL, 'community', true)),
      row('Q-1', undefined, 'quarantine', false),
      row('Q-2', undefined, 'quarantine', false),
    ];
    const auth = { authorization: `Bearer ${token}` };
    const sent = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: auth, payload: cases });
    expect(sent.json(), sent.body).toMatchObject({ accepted: cases.length });
    const tests = await app.inject({
      method: 'POST',
      url: '/api/v1/tests',
      headers: auth,
      payload: [{ unit: WARD, date: '2021-07-10', tested: 120, positive: 11 }],
    });
    expect(tests.json(), tests.body).toMatchObject({ accepted: 1 });
    // The engine publishes the levels the cases raise: wait for the ward to read them.
    const wardLevel = async () => (await get(`/api/v1/assessments/${WARD}?from=2021-07-10&to=2021-07-10`)).json().assessments?.[0]?.level ?? 0;
    for (let i = 0; i < 300 && (await wardLevel()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await wardLevel()).toBeGreaterThan(0);
    await ctx.risk.idle();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it('lists every dataset with its published dates and stable latest URLs', async () => {
    const index = (await ok('/api/v1/open-data')).json();
    expect(index.datasets.map((d: { id: string }) => d.id)).toEqual([...OPEN_DATASETS]);
    const levels = index.datasets.find((d: { id: string }) => d.id === 'levels');
    expect(levels.last).toBe('2021-07-14');
    expect(levels.latest).toEqual({
      csv: '/api/v1/open-data/levels/latest.csv',
      json: '/api/v1/open-data/levels/latest.json',
      geojson: '/api/v1/open-data/levels/latest.geojson',
    });
    const standings = index.datasets.find((d: { id: string }) => d.id === 'standings');
    // Published from the first day with data (10 July); standings within the campaign (from 9 July).
    expect([levels.first, standings.first, standings.last]).toEqual(['2021-07-10', '2021-07-10', '2021-07-14']);
    expect(index.licence.id).toBe('CC-BY-4.0');
    expect(index.citation.vi).toContain('14/07/2021');
  });

  it('writes every dataset in every format it offers, with exactly the dictionary’s fields', async () => {
    for (const dataset of DICTIONARY) {
      const names = dataset.fields.map((f) => f.name);
      for (const format of dataset.formats) {
        const r = await ok(`/api/v1/open-data/${dataset.id}/2021-07-12.${format}`);
        expect(r.headers['content-disposition']).toBe(`attachment; filename="vungxanh-${dataset.id}-2021-07-12.${format}"`);
        if (format === 'csv') {
          expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
          expect(r.body.startsWith('\uFEFF')).toBe(true);
          const { header, rows } = parseCsv(r.body);
          expect(header, dataset.id).toEqual(names);
          expect(rows.length, dataset.id).toBeGreaterThan(0);
          for (const row of rows) expect(row.length, `${dataset.id}: ${row.join(',')}`).toBe(names.length);
        } else {
          const body = r.json();
          const records: Array<Record<string, unknown>> =
            format === 'json' ? body.rows : body.features.map((f: { properties: Record<string, unknown> }) => f.properties);
          expect(body.dataset).toBe(dataset.id);
          expect(body.licence.id).toBe('CC-BY-4.0');
          expect(body.citation.en).toContain(`/api/v1/open-data/${dataset.id}/2021-07-12.${format}`);
          expect(records.length).toBeGreaterThan(0);
          for (const record of records) expect(Object.keys(record), dataset.id).toEqual(names);
        }
      }
    }
  });

  it('carries the published levels and reasons; GeoJSON joins the boundaries', async () => {
    const levels = (await ok('/api/v1/open-data/levels/2021-07-12.json')).json();
    const ward = levels.rows.find((r: { code: string }) => r.code === WARD);
    const map = (await ok(`/api/v1/levels?kind=ward&date=2021-07-12`)).json();
    expect(ward).toMatchObject({ name: 'Phường Tân Định', kind: 'ward', parent_code: '760', level: map.levels[WARD], rulebook: 'vn-2686', simulated: false });
    expect(ward.level).toBeGreaterThan(0);
    expect(ward.level_name_vi).toMatch(/^Nguy cơ/);
    const geo = (await ok('/api/v1/open-data/levels/2021-07-12.geojson')).json();
    expect(geo.type).toBe('FeatureCollection');
    const feature = geo.features.find((f: { properties: { code: string } }) => f.properties.code === WARD);
    expect(feature.geometry.type).toMatch(/Polygon/);
    expect(feature.properties.level).toBe(ward.level);
    const reasons = (await ok('/api/v1/open-data/reasons/2021-07-12.json')).json();
    const wardReasons = reasons.rows.filter((r: { code: string }) => r.code === WARD);
    expect(wardReasons.length).toBeGreaterThan(0);
    expect(wardReasons[0].reason_vi.length).toBeGreaterThan(0);
    expect(typeof wardReasons[0].figures).toBe('object');
  });

  it('publishes counts below the ward in bands, and the ward exact', async () => {
    const day = (await ok('/api/v1/open-data/daily-counts/2021-07-10.json')).json().rows;
    const of = (code: string) => day.find((r: { code: string }) => r.code === code);
    expect(of(codes['Khu phố 2'])).toMatchObject({ banded: true, cases: '5–9', community_unknown_source: '5–9', community_known_source: '0' });
    expect(of(codes[EVIL])).toMatchObject({ banded: true, cases: '1–4', community_known_source: '1–4' });
    expect(of(codes['Khu phố 1'])).toMatchObject({ banded: true, cases: '0' });
    expect(of(WARD)).toMatchObject({
      banded: false,
      cases: 11,
      community_unknown_source: 6,
      community_known_source: 3,
      quarantine: 2,
      tested: 120,
      positive: 11,
      suspected: null,
    });
    expect(of('760')).toMatchObject({ cases: 11 });
    // Nowhere does the exact count of a khu phố show.
    const csv = (await ok('/api/v1/open-data/daily-counts/2021-07-10.csv')).body;
    const kp2 = csv.split('\r\n').find((l) => l.includes(codes['Khu phố 2']))!;
    expect(kp2).not.toMatch(/,6,/);
    // Standings of the neighbourhood group: cases and rates banded.
    const standings = (await ok('/api/v1/open-data/standings/2021-07-12.json')).json().rows;
    const kp = standings.find((r: { code: string; group: string }) => r.code === codes['Khu phố 2'] && r.group === 'neighbourhood');
    expect(kp.community_cases).toBe('5–9');
    expect(String(kp.cases_per_100k)).toMatch(/^\d+–\d+$/);
    expect(standings.find((r: { code: string }) => r.code === WARD).community_cases).toBe(9);
  });

  it('neutralises a name a spreadsheet would run as a formula', async () => {
    const csv = (await ok('/api/v1/open-data/daily-counts/2021-07-10.csv')).body;
    const line = csv.split('\r\n').find((l) => l.includes(codes[EVIL]))!;
    expect(line).toContain(`"'=HYPERLINK(""http://x.invalid"",""kp"")"`);
    expect(parseCsv(csv).rows.every((cells) => cells.every((c) => !/^[=+\-@]/.test(c) || /^-?\d+$/.test(c)))).toBe(true);
    // JSON keeps the name as it is: no spreadsheet runs it.
    const json = (await ok('/api/v1/open-data/daily-counts/2021-07-10.json')).json();
    expect(json.rows.find((r: { code: string }) => r.code === codes[EVIL]).name).toBe(EVIL);
  });

  it('loads in a spreadsheet with the diacritics intact (latest.csv read by ExcelJS)', async () => {
    const r = await ok('/api/v1/open-data/daily-counts/latest.csv');
    const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([r.rawPayload]));
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(fieldsOf('daily-counts').map((f) => f.name));
    const names = rows.map((row) => row[2]);
    expect(names).toEqual(expect.arrayContaining(['Phường Tân Định', 'Thành phố Hồ Chí Minh', 'Quận Bình Thạnh', 'Khu phố 2']));
    // The formula-named khu phố is read as text, never run.
    expect(names).toContain(`'${EVIL}`);
  });

  it('answers latest with the latest date’s file, and names it', async () => {
    for (const dataset of DICTIONARY)
      for (const format of dataset.formats) {
        const latest = await ok(`/api/v1/open-data/${dataset.id}/latest.${format}`);
        const last = '2021-07-14';
        expect(latest.headers['content-location']).toBe(`/api/v1/open-data/${dataset.id}/${last}.${format}`);
        const dated = await ok(`/api/v1/open-data/${dataset.id}/${last}.${format}`);
        expect(latest.body, `${dataset.id}.${format}`).toBe(dated.body);
        expect(latest.headers.etag).toBe(dated.headers.etag);
        expect(latest.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
        // Any site may read it, and learn which dated file "latest" was.
        expect(latest.headers['access-control-allow-origin']).toBe('*');
        expect(latest.headers['access-control-expose-headers']).toContain('Content-Location');
      }
  });

  it('caches a past date longer, and answers 304 to a client holding the file', async () => {
    const first = await ok('/api/v1/open-data/levels/2021-07-12.csv');
    expect(first.headers['cache-control']).toBe('public, max-age=86400, stale-while-revalidate=604800');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/api/v1/open-data/levels/2021-07-12.csv', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/api/v1/open-data/levels/2021-07-11.csv', { 'if-none-match': etag });
    expect(other.statusCode).toBe(200);
  });

  it('answers a bad dataset, format or date with a problem naming the field, never a 5xx', async () => {
    const cases: Array<[url: string, status: number, field: string]> = [
      ['/api/v1/open-data/cases/latest.csv', 404, 'what'],
      ['/api/v1/open-data/levels/latest.xlsx', 404, 'format'],
      ['/api/v1/open-data/reasons/latest.geojson', 404, 'format'],
      ['/api/v1/open-data/levels/2021-02-30.csv', 400, 'date'],
      ['/api/v1/open-data/levels/yesterday.csv', 400, 'date'],
      ['/api/v1/open-data/levels/2020-01-01.csv', 404, 'date'],
      ['/api/v1/open-data/levels/2021-07-15.csv', 404, 'date'],
      ['/api/v1/open-data/standings/2021-07-01.json', 404, 'date'],
      ['/api/v1/open-data/levels/latest', 400, 'file'],
      ['/api/v1/open-data/levels/a.b.csv', 400, 'file'],
    ];
    for (const [url, status, field] of cases) {
      const r = await get(url);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        r.json().errors.map((e: { field: string }) => e.field),
        url,
      ).toContain(field);
    }
  });

  it('describes every field of every dataset in the dictionary (meaning vi/en, type, source)', async () => {
    const dictionary = (await ok('/api/v1/open-data/dictionary')).json();
    expect(dictionary.datasets.map((d: { id: string }) => d.id)).toEqual([...OPEN_DATASETS]);
    for (const d of dictionary.datasets)
      for (const f of d.fields) {
        expect(f.meaning.vi.length, `${d.id}.${f.name}`).toBeGreaterThan(0);
        expect(f.meaning.en.length, `${d.id}.${f.name}`).toBeGreaterThan(0);
        expect(f.source.vi.length, `${d.id}.${f.name}`).toBeGreaterThan(0);
        expect(f.type).toMatch(/^(string|integer|number|boolean|date|datetime|count|rate|json)$/);
      }
  });

  it('streams an archive of every date of every dataset, the same bytes as the per-date files, with the dictionary and licence', async () => {
    const r = await ok('/api/v1/open-data/archive.zip');
    expect(r.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(r.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'dictionary.json', 'dictionary.csv', 'levels/2021-07-14.csv', 'standings/2021-07-10.csv']));
    const index = (await ok('/api/v1/open-data')).json();
    for (const d of index.datasets) {
      const files = names.filter((n) => n.startsWith(`${d.id}/`));
      expect(files[0], d.id).toBe(`${d.id}/${d.first}.csv`);
      expect(files.at(-1), d.id).toBe(`${d.id}/${d.last}.csv`);
    }
    // Levels and reasons are read in one pass for the archive, per date for a file: the same bytes on every date.
    const compared = [...names.filter((n) => /^(levels|reasons)\//.test(n)), 'daily-counts/2021-07-10.csv', 'standings/2021-07-12.csv'];
    expect(compared.length).toBeGreaterThanOrEqual(12);
    for (const name of compared) {
      const inside = await zip.file(name)!.async('string');
      expect(inside, name).toBe((await ok(`/api/v1/open-data/${name}`)).body);
    }
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme).toContain('CC-BY-4.0');
    expect(readme).toContain('Trích dẫn / Citation');
    expect(JSON.parse(await zip.file('dictionary.json')!.async('string')).datasets).toHaveLength(OPEN_DATASETS.length);
    // A HEAD reads no body: the archive's headers alone, and the writing stops.
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/open-data/archive.zip' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('application/zip');
    expect(head.body).toBe('');
  });

  // Last: it adds a case.
  it('serves a file made again after new data arrives, never a stale one', async () => {
    const ward = async () =>
      (await ok('/api/v1/open-data/daily-counts/2021-07-13.json')).json().rows.find((r: { code: string }) => r.code === WARD).cases as number;
    expect(await ward()).toBe(0);
    const before = (await ok('/api/v1/open-data/daily-counts/2021-07-13.csv')).headers.etag;
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: [{ id: 'LATE-1', confirmedDate: '2021-07-13', unit: WARD, setting: 'community', sourceKnown: true }],
    });
    expect(sent.json()).toMatchObject({ accepted: 1 });
    for (let i = 0; i < 300 && (await ward()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await ward()).toBe(1);
    expect((await ok('/api/v1/open-data/daily-counts/2021-07-13.csv')).headers.etag).not.toBe(before);
  });
});
