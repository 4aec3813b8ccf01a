import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const ID = 'hcmc-2021-vung-xanh';
const WARD = '26734'; // Phường Tân Định, Quận 1

/**
 * Issue 16, "what it must show": a neighbourhood list for one ward (names and population, no
 * codes, no boundaries), then cases naming those neighbourhoods, colour them on the map and rank
 * them in the campaign's first group — citywide, within the district and within the ward.
 */
describe.each(ENGINES)('a ward loads its khu phố, reports cases in them, and they compete [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let ctx: AppContext;
  const get = (url: string) => app.inject({ method: 'GET', url });
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    const dir = mkdtempSync(join(tmpdir(), 'vx-kp-'));
    const list = join(dir, 'khu-pho-tan-dinh.csv');
    writeFileSync(
      list,
      'Tên khu phố/ấp,Phường/Xã,Quận/Huyện,Dân số\nKhu phố 1,Tân Định,Quận 1,4200\nKhu phố 2,Tân Định,Quận 1,3900\nKhu phố 3,Tân Định,Quận 1,5100\n',
    );
    await importGeoFiles(store.db, { neighbourhoods: list }, 'test');
    for (const u of await store.db.selectFrom('units').select(['code', 'name']).where('kind', '=', 'neighbourhood').execute()) codes[u.name] = u.code;
    ({ app, ctx } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-12T03:00:00Z') }));
    const { token } = await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test');
    const row = (id: string, neighbourhood: string, sourceKnown: boolean) => ({
      id,
      confirmedDate: '2021-07-10',
      ward: 'Phường Tân Định',
      district: 'Quận 1',
      neighbourhood,
      setting: 'community',
      sourceKnown,
    });
    // Khu phố 2: an unknown-source case (high); Khu phố 1: a known-source case (risk); Khu phố 3: none.
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: [row('TD-1', 'KP 2', false), row('TD-2', 'khu pho 1', true)],
    });
    expect(sent.json()).toMatchObject({ accepted: 2, rejected: [] });
    await ctx.risk.idle();
  });
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('colours the neighbourhoods from their own cases, with reasons', async () => {
    expect(Object.keys(codes).sort()).toEqual(['Khu phố 1', 'Khu phố 2', 'Khu phố 3']);
    const levels = (await get('/api/v1/levels?kind=neighbourhood&date=2021-07-10')).json().levels;
    expect([levels[codes['Khu phố 1']], levels[codes['Khu phố 2']], levels[codes['Khu phố 3']]]).toEqual([1, 2, 0]);
    const unit = (await get(`/api/v1/units/${codes['Khu phố 2']}?date=2021-07-10`)).json();
    expect(unit.unit).toMatchObject({ kind: 'neighbourhood', parent: WARD, approximateBoundary: true });
    expect(unit.assessment).toMatchObject({ level: 2, state: 'high' });
    expect(unit.assessment.reasons.map((r: { criterion: string }) => r.criterion)).toEqual(['H-N1']);
    // Below the ward the public reads a band, in the figures and in the text (docs/small-numbers.md).
    expect(unit.assessment.reasons[0].figures.count).toBe('1–4');
    expect(unit.assessment.reasons[0].text.vi).toMatch(/^1–4 ca cộng đồng chưa rõ nguồn lây/);
    const stored = (await get(`/api/v1/assessments/${codes['Khu phố 2']}?from=2021-07-10&to=2021-07-10`)).json();
    expect(stored.assessments[0].reasons[0].figures.count).toBe('1–4');
    // The ward counts both cases and follows its own (commune-tier) criteria.
    expect((await get(`/api/v1/units/${WARD}?date=2021-07-10`)).json().assessment).toMatchObject({ level: 2, state: 'high' });
    const shapes = (await get('/api/v1/geo/neighbourhood.geojson?date=2021-07-10')).json();
    expect(shapes.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(Object.values(codes).sort());
  });

  it('ranks them in the first group, citywide, within the district and within the ward', async () => {
    for (const parent of ['', '&parent=760', `&parent=${WARD}`]) {
      const standings = (await get(`/api/v1/campaigns/${ID}/standings?group=neighbourhood&date=2021-07-10${parent}`)).json();
      expect(standings.rows.map((r: { name: string }) => r.name)).toEqual(['Khu phố 3', 'Khu phố 1', 'Khu phố 2']);
      expect(standings.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
      expect(standings.rows[2].explanation.vi).toMatch(/^Hạng 3\/3/);
      expect(standings.rows[2].explanation.en).toMatch(/^Rank 3 of 3/);
    }
  });
});
