import { describe, expect, it } from 'vitest';

import { freezeDueCuts } from '../../src/app/official-cuts.ts';
import { publishedLevelHistory, VN_2686_STATES } from '../../src/core/campaign/level-history.ts';
import { computeStandings } from '../../src/core/campaign/standings.ts';
import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { getCut, saveCampaign } from '../../src/store/campaign-store.ts';
import { issueCorrection, listCorrections } from '../../src/store/cut-corrections-store.ts';
import { CAMPAIGN, CITY, publish } from '../support/campaign-fixture.ts';
import { ENGINES } from '../support/stores.ts';
import { upgradedFrom } from '../support/upgrade.ts';

const SERIES = { '26734': '3322', '26737': '2222', '26740': '1100' };

describe.each(ENGINES)('upgrading a database made at the change feed (007) to corrected cuts (011) [%s]', (engine) => {
  it('keeps the frozen cuts as they were and lets a correction stand beside one, never replacing it', async () => {
    const publications = publish(SERIES, '2021-07-08T05:00:00.000Z');
    let before: Awaited<ReturnType<typeof getCut>> = null;
    await upgradedFrom(
      engine,
      '007-change-feed',
      async (db) => {
        // What a release at 007 held: a campaign and its frozen cuts.
        await saveCampaign(db, CAMPAIGN, 'admin:test', 'test');
        const levels = async (rulebook: string, asOf?: Date) => publishedLevelHistory(rulebook, VN_2686_STATES, publications, asOf);
        await freezeDueCuts(db, CAMPAIGN, new Hierarchy(CITY), levels, new Date('2021-07-10T12:00:00Z'));
        before = await getCut(db, CAMPAIGN.id, 'ward', '2021-07-09');
        expect(before?.table.ranked).toBe(3);
      },
      async (upgraded) => {
        expect(await getCut(upgraded.db, CAMPAIGN.id, 'ward', '2021-07-09')).toEqual(before);
        expect(await listCorrections(upgraded.db, CAMPAIGN.id, 'ward', '2021-07-09')).toEqual([]);
        const late = [...publications, { unit: '26740', date: '2021-07-09', level: 3, publishedAt: '2021-07-12T02:00:00.000Z' }];
        const table = computeStandings({
          campaign: CAMPAIGN,
          units: CITY,
          history: publishedLevelHistory('vn-2686', VN_2686_STATES, late),
          cases: { casesOf: () => 0 },
          group: 'ward',
          date: '2021-07-09',
        });
        const at = new Date('2021-07-12T03:00:00.000Z');
        const issue = { campaign: CAMPAIGN.id, table, reason: 'mức của 09/07 công bố lại', actor: 'token:1', role: 'admin', channel: 'test' };
        expect(await issueCorrection(upgraded.db, issue, at)).toMatchObject({ number: 1, issuedBy: 'admin', issuedAt: at.toISOString() });
        expect(await getCut(upgraded.db, CAMPAIGN.id, 'ward', '2021-07-09')).toEqual(before);
        const [stored] = await listCorrections(upgraded.db, CAMPAIGN.id, 'ward', '2021-07-09');
        expect(stored).toMatchObject({ number: 1, reason: 'mức của 09/07 công bố lại' });
        expect(stored.table.rows.find((r) => r.unit === '26740')?.current).toBe(3);
        // A correction, once issued, is a record: the database refuses to change it.
        const update = upgraded.db.updateTable('campaign_cut_corrections').set({ reason: 'khác' }).execute();
        await expect(update).rejects.toThrow(/corrected cuts are records/);
        // A correction needs a frozen cut to stand beside.
        await expect(issueCorrection(upgraded.db, { ...issue, table: { ...table, date: '2021-07-20' } }, at)).rejects.toThrow(/not frozen/);
      },
    );
  });
});
