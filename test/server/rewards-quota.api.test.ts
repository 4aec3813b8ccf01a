import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CAMPAIGN_FILE, readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { readSchemeFile } from '../../src/files/reward-scheme-file.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { saveCampaign } from '../../src/store/campaign-store.ts';
import { proposeNomination, saveRewardScheme } from '../../src/store/reward-store.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * Issue #19: a quota can't be overrun by two Board members accepting at once. The last place of a
 * form's quota is contested by pairs of simultaneous acceptances: on PostgreSQL they run in two
 * connections at the same time, and the quota's row lock makes one wait for the other's count.
 */
const CAMPAIGN = 'hcmc-2021-vung-xanh';
const FORM = 'giay-khen-chu-tich-ubnd-quan';
const Q1_WARDS = ['26734', '26737', '26740', '26743', '26746', '26749'];

describe.each(ENGINES)('reward quotas under concurrent acceptance [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let board: string;

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    await saveCampaign(store.db, readCampaignFile(DEMO_CAMPAIGN_FILE), 'test', 'test');
    const scheme = readSchemeFile(`${DEMO_CAMPAIGN_FILE.replace(/\.json$/, '')}.rewards.json`);
    // The district form with room for one collective per district.
    const tight = { ...scheme, forms: scheme.forms.map((f) => (f.id === FORM ? { ...f, quota: { collective: 1, individual: 1 } } : f)) };
    await saveRewardScheme(store.db, CAMPAIGN, tight, { actor: 'test', channel: 'test' });
    ({ app } = await buildApp({ store, webRoot: '/nonexistent', alerts: false, now: () => new Date('2021-07-20T03:00:00Z') }));
    board = (await createToken(store.db, { label: 'ban-tdkt-q1', role: 'reward_officer', scope: '760' }, 'test')).token;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  /** A proposed collective nomination of a Quận 1 ward, made in the store (the criteria are another test's). */
  const proposed = async (unit: string) => {
    const made = await proposeNomination(
      store.db,
      {
        campaign: CAMPAIGN,
        schemeVersion: 1,
        subject: 'collective',
        unit,
        form: FORM,
        grantingUnit: '760',
        criterion: 'giu-vung-xanh',
        facts: {},
        person: null,
        summary: '',
      },
      [],
      { actor: 'test', party: { role: 'committee', unit: '760' } },
    );
    if (!('nomination' in made)) throw new Error('not proposed');
    return made.nomination.number;
  };
  const accept = (n: number) =>
    app.inject({ method: 'POST', url: `/api/v1/nominations/${n}/review`, headers: { authorization: `Bearer ${board}` }, payload: { decision: 'accept' } });

  it('lets exactly one of two simultaneous acceptances take the last place, and names the quota to the other', async () => {
    const [a, b] = [await proposed(Q1_WARDS[0]), await proposed(Q1_WARDS[1])];
    const answers = await Promise.all([accept(a), accept(b)]);
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses, answers.map((r) => r.body).join('\n')).toEqual([200, 422]);
    const refused = answers.find((r) => r.statusCode === 422)!.json();
    expect(refused).toMatchObject({ type: '/problems/reward-quota', form: FORM, subject: 'collective', quota: 1, used: 1 });
    const counted = await store.db.selectFrom('nominations').select('id').where('status', '=', 'accepted').execute();
    expect(counted).toHaveLength(1);
  });

  it('never goes over the quota however many race for it', async () => {
    // The place is taken; four more race for none, in pairs and all at once.
    const more = await Promise.all(Q1_WARDS.slice(2).map((u) => proposed(u)));
    const answers = await Promise.all(more.map(accept));
    expect(answers.map((r) => r.statusCode)).toEqual([422, 422, 422, 422]);
    const counted = await store.db.selectFrom('nominations').select('id').where('status', '=', 'accepted').execute();
    expect(counted).toHaveLength(1);
  });
});
