import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freezeDueCuts } from '../../src/app/official-cuts.ts';
import { parseCampaign } from '../../src/core/campaign/campaign.ts';
import { type LevelHistoryProvider, type PublishedLevel, publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { getCampaign, getCut, listCampaigns, listCuts, saveCampaign } from '../../src/store/campaign-store.ts';
import { CAMPAIGN, CITY, publish } from '../support/campaign-fixture.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/** Levels from 8 July, each day's published at noon local (05:00 UTC) that day. */
function dailyPublications(series: Record<string, string>): PublishedLevel[] {
  const all = publish(series);
  return all.map((p) => ({ ...p, publishedAt: `${p.date}T05:00:00.000Z` }));
}

const SERIES = { '26734': '33210000', '26737': '22222111', '26740': '11000000', '760': '33322222', '769': '22222222' };

describe.each(ENGINES)('campaign store [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(async () => {
    await store.dispose();
  });

  it('creates, lists, edits and audits campaigns; saving the same definition again changes nothing', async () => {
    expect(await saveCampaign(store.db, CAMPAIGN, 'admin:test', 'test')).toEqual({ created: true, changed: true });
    expect(await saveCampaign(store.db, CAMPAIGN, 'admin:test', 'test')).toEqual({ created: false, changed: false });
    const other = parseCampaign({
      id: 'later',
      name: 'Chiến dịch sau',
      start: '2021-09-01T00:00:00+07:00',
      end: '2021-09-16T00:00:00+07:00',
      groups: ['ward'],
      rulebook: 'vn-2686',
    });
    await saveCampaign(store.db, other, 'admin:test', 'test');
    expect((await listCampaigns(store.db)).map((c) => c.id)).toEqual(['later', 'test-2021']);
    expect(await getCampaign(store.db, 'test-2021')).toEqual(CAMPAIGN);
    expect(await getCampaign(store.db, 'nope')).toBeNull();

    const edited = { ...other, name: 'Chiến dịch sau (sửa)', cutTime: '17:00' };
    expect(await saveCampaign(store.db, edited, 'admin:test', 'test')).toEqual({ created: false, changed: true });
    expect(await getCampaign(store.db, 'later')).toEqual(edited);
    const log = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'campaign.%').orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['campaign.create', 'campaign.create', 'campaign.update']);
    expect(JSON.parse(log[2].detail).before.cutTime).toBe('18:00');
  });

  it('freezes each due cut once, from the levels as published at the cut; a late correction leaves it and is flagged in the next', async () => {
    const hierarchy = new Hierarchy(CITY);
    const publications = dailyPublications(SERIES);
    const levels: LevelHistoryProvider = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
    await store.db
      .insertInto('cube_cases')
      .values([
        { unit_code: '26740', date: '2021-07-09', setting: 'community', source_known: 0, cases: 3 },
        { unit_code: '26740', date: '2021-07-09', setting: 'community', source_known: 1, cases: 3 },
        { unit_code: '26740', date: '2021-07-09', setting: 'quarantine', source_known: 1, cases: 100 },
      ])
      .execute();

    const first = await freezeDueCuts(store.db, CAMPAIGN, hierarchy, levels, new Date('2021-07-10T12:00:00Z'));
    expect(first.map((c) => `${c.group} ${c.date}`)).toEqual(['ward 2021-07-09', 'district 2021-07-09', 'ward 2021-07-10', 'district 2021-07-10']);
    expect(await freezeDueCuts(store.db, CAMPAIGN, hierarchy, levels, new Date('2021-07-10T12:00:00Z'))).toEqual([]);

    const cut10 = await getCut(store.db, CAMPAIGN.id, 'ward', '2021-07-10');
    expect(cut10?.cutAt).toBe('2021-07-10T11:00:00.000Z');
    const bn = cut10!.table.rows.find((r) => r.unit === '26740')!;
    expect(bn).toMatchObject({ current: 0, rank: 1, communityCases: 6, casesPer100k: 20 });

    // The engine corrects 10 July for Bến Nghé the next morning.
    publications.push({ unit: '26740', date: '2021-07-10', level: 2, publishedAt: '2021-07-11T02:00:00.000Z' });
    const next = await freezeDueCuts(store.db, CAMPAIGN, hierarchy, levels, new Date('2021-07-11T12:00:00Z'));
    expect(next.map((c) => `${c.group} ${c.date}`)).toEqual(['ward 2021-07-11', 'district 2021-07-11']);
    expect(await getCut(store.db, CAMPAIGN.id, 'ward', '2021-07-10')).toEqual(cut10);
    const cut11 = next[0].table.rows.find((r) => r.unit === '26740')!;
    expect(cut11.corrected).toEqual({ dates: ['2021-07-10'] });
    expect(cut11.levels).toEqual([1, 2, 0]);
    expect((await listCuts(store.db, CAMPAIGN.id, 'ward')).map((c) => c.date)).toEqual(['2021-07-09', '2021-07-10', '2021-07-11']);
    expect(next[1].table.rows.find((r) => r.unit === '760')!.greenShare?.units).toEqual({ baseline: 0, current: 0.3333, change: 0.3333 });
  });

  it('refuses, in the database itself, to update a frozen cut', async () => {
    const update = store.db.updateTable('campaign_cuts').set({ standings: '{}' }).where('campaign_id', '=', CAMPAIGN.id).execute();
    await expect(update).rejects.toThrow(/official cuts are frozen/);
    expect((await getCut(store.db, CAMPAIGN.id, 'ward', '2021-07-10'))?.table.rows.length).toBe(6);
  });

  it('freezing late gives the same cuts as freezing on time (replay)', async () => {
    const replay = { ...CAMPAIGN, id: 'replay-2021' };
    await saveCampaign(store.db, replay, 'admin:test', 'test');
    const publications = [...dailyPublications(SERIES), { unit: '26740', date: '2021-07-10', level: 2, publishedAt: '2021-07-11T02:00:00.000Z' }];
    const levels: LevelHistoryProvider = async (rulebook, asOf) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
    await freezeDueCuts(store.db, replay, new Hierarchy(CITY), levels, new Date('2021-07-11T12:00:00Z'));
    for (const date of ['2021-07-09', '2021-07-10', '2021-07-11']) {
      const onTime = await getCut(store.db, CAMPAIGN.id, 'ward', date);
      const late = await getCut(store.db, replay.id, 'ward', date);
      expect({ ...late!.table, campaign: CAMPAIGN.id }).toEqual(onTime!.table);
    }
  });
});
