import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { bandLabel, boundsOf } from '../../src/core/publish/small-numbers.ts';
import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { publish } from '../support/campaign-fixture.ts';
import { collect } from '../support/feed.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES } from '../support/stores.ts';

/**
 * Issue #16 item 7, "Small numbers in public" (docs/small-numbers.md): every public endpoint and
 * export shows neighbourhood figures in bands, rates derived from the bands, wards exact; rankings
 * follow the exact figures; and what the document says can and cannot be inferred holds.
 *
 * Bến Nghé (26740) holds four khu phố: 3, 4 and 7 community cases on 10 July in three of them, none
 * in the fourth (14 for the ward). Đa Kao (26737) holds two: 3 cases on 11 July in one, none in the
 * other (3 for the ward): its only non-green khu phố holds the ward's count, which is inferable.
 */
const CAMPAIGN = 'hcmc-2021-vung-xanh';
const EXACT: Record<string, number> = { '26740-1': 3, '26740-2': 4, '26740-3': 7, '26740-4': 0, '26737-1': 3, '26737-2': 0 };
const POPULATION: Record<string, number> = { '26740-1': 3100, '26740-2': 3100, '26740-3': 2900, '26740-4': 3000, '26737-1': 3000, '26737-2': 3000 };
const NEIGHBOURHOODS = Object.keys(EXACT);
const NON_GREEN = NEIGHBOURHOODS.filter((c) => EXACT[c] > 0);
/** Figure names that count people or households, and what is computed from them. */
const FIGURE_KEYS = new Set([
  'count',
  'households',
  'clusters',
  'positive',
  'tested',
  'rate',
  'positivity',
  'communityCases',
  'casesPer100k',
  'community',
  'other',
  'suspected',
]);
const BAND = /^(0|\d+–\d+|≥\d+)$/;

describe.each(ENGINES)('small numbers in public [%s]', (engine) => {
  let app: FastifyInstance;
  let ctx: AppContext;
  let close: () => Promise<void>;
  let feedPayloads: Array<Record<string, unknown>> = [];
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r;
  };
  const json = async (url: string) => (await get(url)).json();

  beforeAll(async () => {
    const store = await storeWithUnits(engine);
    const dir = mkdtempSync(join(tmpdir(), 'vx-small-'));
    const list = join(dir, 'khu-pho.csv');
    writeFileSync(
      list,
      'code,name,kind,parent_code,population,valid_from\n' +
        NEIGHBOURHOODS.map((c) => `${c},Khu phố ${c.split('-')[1]},neighbourhood,${c.split('-')[0]},${POPULATION[c]},2021-01-01`).join('\n') +
        '\n',
    );
    await importGeoFiles(store.db, { units: list }, 'test', 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-12T03:00:00Z') }));
    close = async () => {
      await app.close();
      await store.dispose();
    };
    feedPayloads = [...collect(ctx.feed, 'levels'), ...collect(ctx.feed, 'standings'), ...collect(ctx.feed, 'day')];
    // The campaign reads vn-2686 levels, which assess no neighbourhood yet: its levels are given
    // here (green where there is no case, "risk" elsewhere), the cases come through intake.
    const series: Record<string, string> = { '26740': '11111', '26737': '11111', '760': '11111' };
    for (const c of NEIGHBOURHOODS) series[c] = EXACT[c] > 0 ? '11111' : '00000';
    ctx.levelHistory = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publish(series), asOf);

    const { token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const rows = NEIGHBOURHOODS.flatMap((c) =>
      Array.from({ length: EXACT[c] }, (_, i) => ({
        id: `${c}-${i}`,
        confirmedDate: c.startsWith('26740') ? '2021-07-10' : '2021-07-11',
        setting: 'community',
        sourceKnown: false,
        unit: c.split('-')[0],
        neighbourhood: `Khu phố ${c.split('-')[1]}`,
      })),
    );
    // The server reloads its geography from the feed: retry until the neighbourhoods are known.
    let accepted = 0;
    for (let i = 0; i < 100 && accepted === 0; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: rows });
      accepted = r.json().accepted;
      if (accepted === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(accepted).toBe(rows.length);
    // Wait for the default rulebook (the ward) and an on-demand one that assesses every kind
    // (hghi: the khu phố) to see the cases.
    for (const url of ['/api/v1/units/26740', '/api/v1/units/26740-3?rulebook=hghi']) {
      for (let i = 0; i < 300; i++) {
        const unit = (await app.inject({ method: 'GET', url })).json();
        if ((unit.assessment?.level ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  afterAll(async () => close?.());

  /** Every figure under a neighbourhood's key or row is a band; returns how many were checked. */
  function expectBanded(value: unknown, where: string): number {
    let checked = 0;
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
      if (v === null || typeof v !== 'object') return;
      for (const [k, x] of Object.entries(v)) {
        if (FIGURE_KEYS.has(k) && x !== null && x !== '') {
          expect(typeof x, `${where} ${path}.${k} = ${JSON.stringify(x)}`).toBe('string');
          expect(x, `${where} ${path}.${k}`).toMatch(BAND);
          checked++;
        } else walk(x, `${path}.${k}`);
      }
    };
    walk(value, '');
    return checked;
  }

  it('bands the reasons of a neighbourhood (assessment, path to green, history), with rates from the band; the ward reads exact', async () => {
    for (const code of NON_GREEN) {
      const unit = await json(`/api/v1/units/${code}?rulebook=hghi`);
      expect(unit.assessment.level, code).toBeGreaterThan(0);
      const [reason] = unit.assessment.reasons;
      expect(reason.figures.count).toBe(bandLabel(EXACT[code]));
      const rate = boundsOf(reason.figures.rate)!;
      const exactRate = (EXACT[code] * 100_000) / (POPULATION[code] * 7);
      expect(rate.low <= exactRate && exactRate <= rate.high, `${code} ${reason.figures.rate}`).toBe(true);
      expect(rate.high).toBeGreaterThan(rate.low);
      expect(reason.text.en).toContain(`${reason.figures.rate} daily new cases per 100,000`);
      expect(reason.text.vi).toContain(String(reason.figures.rate));
      expect(expectBanded(unit.assessment.reasons, code) + expectBanded(unit.pathToGreen.holding, code)).toBeGreaterThan(2);
      const history = await json(`/api/v1/assessments/${code}?rulebook=hghi&from=2021-07-09&to=2021-07-12`);
      expect(expectBanded(history.assessments, code)).toBeGreaterThan(2);
    }
    const precise = '26740-1';
    expect(JSON.stringify((await json(`/api/v1/units/${precise}?rulebook=hghi`)).assessment.reasons)).not.toMatch(/13[.,]8/);

    // Ward level reads exact, under the default rulebook (published) and on demand.
    const ward = await json('/api/v1/units/26740');
    expect(ward.assessment.reasons.find((r: { figures: { count?: unknown } }) => r.figures.count !== undefined)?.figures.count).toBe(14);
    expect((await json('/api/v1/units/26740?rulebook=hghi')).assessment.reasons[0].figures.count).toBe(14);
  });

  it('bands daily cases and the 14-day window below the ward; wards and above exact', async () => {
    for (const code of NEIGHBOURHOODS) {
      const daily = await json(`/api/v1/cases/daily/${code}?from=2021-07-09&to=2021-07-12`);
      expect(expectBanded(daily.days, code)).toBe(8);
      const day = code.startsWith('26740') ? '2021-07-10' : '2021-07-11';
      expect(daily.days.find((d: { date: string }) => d.date === day).community).toBe(bandLabel(EXACT[code]));
    }
    const ward = await json('/api/v1/cases/daily/26740?from=2021-07-09&to=2021-07-12');
    expect(ward.days.map((d: { community: unknown }) => d.community)).toEqual([0, 14, 0, 0]);
    const window = (await json('/api/v1/cases/window?date=2021-07-12')).cases;
    for (const code of NON_GREEN) expect(window[code]).toBe(bandLabel(EXACT[code]));
    expect(window).toMatchObject({ '26740': 14, '26737': 3, '760': 17 });
  });

  it('bands standings cases and rates in JSON, CSV and XLSX, live and official, and ranks on the exact figures', async () => {
    const base = `/api/v1/campaigns/${CAMPAIGN}/standings?group=neighbourhood`;
    const live = await json(base);
    const byUnit = new Map<string, Record<string, unknown>>(live.rows.map((r: { unit: string }) => [r.unit, r]));
    for (const code of NEIGHBOURHOODS) {
      const row = byUnit.get(code)!;
      expect(row.communityCases, code).toBe(bandLabel(EXACT[code]));
      const rate = boundsOf(String(row.casesPer100k))!;
      const exact = (EXACT[code] * 100_000) / POPULATION[code];
      expect(rate.low <= exact && exact <= rate.high, `${code} ${row.casesPer100k}`).toBe(true);
    }
    // Same level, so cases per 100,000 decide: 96.8 (3 in 3100) < 100 (3 in 3000) < 129 (4 in 3100) <
    // 241 (7 in 2900). The first three share the band "1–4": only the exact figures order them.
    const nonGreen = live.rows.filter((r: { unit: string }) => NON_GREEN.includes(r.unit)).map((r: { unit: string; rank: number }) => [r.unit, r.rank]);
    expect(nonGreen).toEqual([
      ['26740-1', 3],
      ['26737-1', 4],
      ['26740-2', 5],
      ['26740-3', 6],
    ]);
    expect(byUnit.get('26737-1')!.explanation).toMatchObject({ en: expect.stringContaining('(33–134 vs 32–130)') });
    expect(JSON.stringify(live.rows)).not.toMatch(/96[.,]7|96[.,]8|129[.,]0|241[.,]3|241[.,]4/);
    expect(expectBanded(live.rows, 'standings')).toBe(2 * NEIGHBOURHOODS.length);

    // Filtered lists and the map's "place" request read the same bands.
    expect(expectBanded((await json(`${base}&parent=26740`)).rows, 'parent')).toBe(8);
    expect((await json(`${base}&unit=26740-3`)).rows[0]).toMatchObject({ communityCases: '5–9', casesPer100k: '172–311' });
    // The official cut of 11 July (due at 18:00 that day).
    const official = await json(`${base}&official=true&date=2021-07-11`);
    expect(expectBanded(official.rows, 'official')).toBe(2 * NEIGHBOURHOODS.length);

    const csv = (await get(`${base}&format=csv`)).body.replace(/^\uFEFF/, '').split('\r\n');
    const header = csv[0].split(',');
    const casesAt = header.indexOf('Ca cộng đồng / Community cases');
    // The rate's header holds a comma ("per 100,000"), so it is quoted and splits in two here.
    const rateAt = casesAt + 1;
    expect(header[rateAt]).toBe('"Ca cộng đồng/100.000 dân / per 100');
    const line = csv.find((l) => l.includes(',26740-3,'))!.split(',');
    expect([line[casesAt], line[rateAt]]).toEqual(['5–9', '172–311']);
    for (const code of NEIGHBOURHOODS) {
      const cells = csv.find((l) => l.includes(`,${code},`))!.split(',');
      expect(cells[casesAt]).toMatch(BAND);
      expect(cells[rateAt]).toMatch(BAND);
    }

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await get(`${base}&format=xlsx`)).rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const head = rows.find((r) => r.includes('Ca cộng đồng / Community cases'))!;
    const xCases = head.indexOf('Ca cộng đồng / Community cases');
    const xRow = rows.find((r) => r.includes('26740-1'))!;
    expect([xRow[xCases], xRow[xCases + 1]]).toEqual(['1–4', '32–130']);

    // Wards stay exact.
    const wards = await json(`/api/v1/campaigns/${CAMPAIGN}/standings?group=ward&parent=760`);
    expect(wards.rows.find((r: { unit: string }) => r.unit === '26740').communityCases).toBe(14);
    expect(wards.rows.find((r: { unit: string }) => r.unit === '26737').communityCases).toBe(3);
  });

  it('carries no case figures in levels, cuts, progress, candidates or the live stream', async () => {
    const bodies = [
      await json('/api/v1/levels?rulebook=hghi&kind=neighbourhood'),
      await json(`/api/v1/campaigns/${CAMPAIGN}/cuts/neighbourhood/2021-07-11`),
      await json(`/api/v1/campaigns/${CAMPAIGN}/progress?kind=neighbourhood&area=ward`),
      await json(`/api/v1/campaigns/${CAMPAIGN}/candidates?group=neighbourhood`),
      ...feedPayloads,
    ];
    for (const body of bodies) expect(expectBanded(body, JSON.stringify(body).slice(0, 80))).toBe(0);
    // The levels (colours) are public by design.
    const levels = bodies[0].levels as Record<string, number>;
    for (const code of NON_GREEN) expect(levels[code]).toBeGreaterThan(0);
    const candidates = (await get(`/api/v1/campaigns/${CAMPAIGN}/candidates?group=neighbourhood&format=csv`)).body;
    expect(candidates).not.toContain('Ca cộng đồng');
  });

  it('holds the inference limits docs/small-numbers.md states', async () => {
    const window = (await json('/api/v1/cases/window?date=2021-07-12')).cases as Record<string, number | string>;
    const bounds = (code: string) => boundsOf(String(window[code] ?? 0))!;
    /** Every split of a ward's exact count among its khu phố that agrees with their bands. */
    const splits = (ward: string): number[][] => {
      const kids = NEIGHBOURHOODS.filter((c) => c.startsWith(`${ward}-`));
      const out: number[][] = [];
      const walk = (i: number, left: number, acc: number[]) => {
        if (i === kids.length) return left === 0 && void out.push(acc);
        const b = bounds(kids[i]);
        for (let n = b.low; n <= Math.min(b.high, left); n++) walk(i + 1, left - n, [...acc, n]);
      };
      walk(0, Number(window[ward]), []);
      return out;
    };
    // Can be inferred: Đa Kao's only non-green khu phố holds the ward's exact count (3), since the
    // other has none (zero is published exactly: no entry in the window, "0" every day) and the
    // ward's count is exact.
    expect(window['26737-2']).toBeUndefined();
    const daily = await json('/api/v1/cases/daily/26737-2?from=2021-07-09&to=2021-07-12');
    expect(daily.days.map((d: { community: unknown }) => d.community)).toEqual(['0', '0', '0', '0']);
    expect(splits('26737')).toEqual([[3, 0]]);
    // Cannot: Bến Nghé's three non-green khu phố share 14 cases in many ways the bands allow;
    // their own counts (3, 4, 7) appear in no public figure of theirs.
    const benNghe = splits('26740');
    expect(benNghe.length).toBeGreaterThan(1);
    expect(benNghe).toContainEqual([3, 4, 7, 0]);
    for (const code of ['26740-1', '26740-2', '26740-3']) {
      expect(new Set(benNghe.map((s) => s[NEIGHBOURHOODS.indexOf(code)])).size, code).toBeGreaterThan(1);
    }
    // Colour is public: a non-green khu phố has at least one case in the rulebook's window.
    const levels = (await json('/api/v1/levels?rulebook=hghi&kind=neighbourhood')).levels as Record<string, number>;
    for (const code of NEIGHBOURHOODS) expect(levels[code] > 0, code).toBe(EXACT[code] > 0);
  });
});
