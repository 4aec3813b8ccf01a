import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { storedLevelHistoryProvider } from '../../src/app/level-history-provider.ts';
import { freezeDueCuts } from '../../src/app/official-cuts.ts';
import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { readCampaignFile } from '../../src/files/campaign-file.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { loadRulebookDir } from '../../src/files/rulebook-files.ts';
import { getCampaign, getCut, saveCampaign } from '../../src/store/campaign-store.ts';
import { listCorrections } from '../../src/store/cut-corrections-store.ts';
import { openStore } from '../../src/store/database.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { getRewardScheme } from '../../src/store/reward-store.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vx-campaign-cli-'));
const database = `sqlite:${join(dir, 'cli.sqlite')}`;
const run = (...args: string[]) => runCliHere('--database', database, ...args);

describe('vungxanh campaign (CLI)', () => {
  it('loads the shipped demo campaign, then finds it unchanged on a second load, and lists it', async () => {
    // The one run as its own process: the shipped command, start to exit code.
    const first = spawnCli(['--database', database, 'campaign', 'load', join(import.meta.dirname, '..', '..', 'campaigns', 'hcmc-2021-vung-xanh.json')]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      'đã tạo / created hcmc-2021-vung-xanh: Mở rộng vùng xanh trên bản đồ COVID-19 (09/07/2021–23/07/2021, neighbourhood, ward, district)',
    );
    expect((await run('campaign', 'load')).stdout).toContain('không đổi / unchanged hcmc-2021-vung-xanh');
    expect((await run('campaign', 'list')).stdout).toBe(
      'hcmc-2021-vung-xanh\t09/07/2021–23/07/2021\tneighbourhood,ward,district\tvn-2686\tMở rộng vùng xanh trên bản đồ COVID-19\n',
    );
    expect(first.stdout).toContain('đã nạp tiêu chí khen thưởng / reward scheme loaded for hcmc-2021-vung-xanh');
    const store = await openStore(database);
    const campaign = await getCampaign(store.db, 'hcmc-2021-vung-xanh');
    // Its default reward scheme (campaigns/hcmc-2021-vung-xanh.rewards.json), stored once as version 1.
    const scheme = await getRewardScheme(store.db, 'hcmc-2021-vung-xanh');
    await store.close();
    expect(scheme).toMatchObject({ version: 1 });
    expect(scheme!.forms.map((f) => f.id)).toEqual(['bang-khen-chu-tich-ubnd-tp', 'giay-khen-chu-tich-ubnd-quan']);
    expect(campaign).toMatchObject({
      start: '2021-07-08T17:00:00.000Z',
      end: '2021-07-23T17:00:00.000Z',
      cutTime: '18:00',
      goal: { state: 0, share: 1, kind: 'ward' },
    });
  });

  it.each([
    ['broken JSON', '{"id": ', 'bad.json: not valid JSON'],
    [
      'a missing field and a bad one',
      '{"id":"x-1","name":"Thi đua","start":"2021-07-09T00:00:00+07:00","end":"2021-07-24T00:00:00+07:00","groups":["ward"],"cutTime":"24:00"}',
      'bad.json: [rulebook] Expected required property; [cutTime]',
    ],
  ])('rejects %s, naming the field, and stores nothing', async (_label, content, message) => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, content);
    const result = await run('campaign', 'load', path);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    const store = await openStore(database);
    expect(await getCampaign(store.db, 'x-1')).toBeNull();
    await store.close();
  });

  it('issues a corrected cut beside the original when a case for its date arrived after it, once', async () => {
    const ID = 'hcmc-2021-vung-xanh';
    const store = await openStore(database);
    try {
      await importGeoFiles(store.db, hcmc2021Files(), 'test');
      const campaign = readCampaignFile(join(import.meta.dirname, '..', '..', 'campaigns', `${ID}.json`));
      await saveCampaign(store.db, campaign, 'test', 'test');
      const levels = storedLevelHistoryProvider(store, loadRulebookDir());
      await freezeDueCuts(store.db, campaign, new Hierarchy(await loadUnits(store.db)), levels, new Date('2021-07-11T12:00:00Z'));
      // After the 10 July cut, a community case of 10 July reaches the cube.
      await store.db.insertInto('cube_cases').values({ unit_code: '26740', date: '2021-07-10', setting: 'community', source_known: 0, cases: 2 }).execute();
    } finally {
      await store.close();
    }
    const correct = (date: string, ...rest: string[]) => run('campaign', 'correct-cut', ID, 'ward', date, ...rest);
    const issued = await correct('2021-07-10', '--reason', 'CDC bổ sung ca ngày 10/07');
    expect(issued.stderr).toBe('');
    expect(issued.stdout).toContain('đã ban hành bảng chốt đính chính số 1 / issued corrected cut no. 1: hcmc-2021-vung-xanh ward 10/07/2021');
    const again = await correct('2021-07-10', '--reason', 'lần nữa');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('nothing to correct');
    expect((await correct('2021-07-20', '--reason', 'x')).stderr).toContain('not frozen yet');
    expect((await correct('2021-07-10', '--reason', '  ')).stderr).toContain('--reason');
    expect((await correct('2021-07-10')).status).not.toBe(0);

    const check = await openStore(database);
    try {
      const corrections = await listCorrections(check.db, ID, 'ward', '2021-07-10');
      expect(corrections.map((c) => [c.number, c.reason, c.issuedBy])).toEqual([[1, 'CDC bổ sung ca ngày 10/07', 'admin']]);
      expect(corrections[0].table.rows.find((r) => r.unit === '26740')?.communityCases).toBe(2);
      expect((await getCut(check.db, ID, 'ward', '2021-07-10'))?.table.rows.find((r) => r.unit === '26740')?.communityCases).toBe(0);
    } finally {
      await check.close();
    }
  });
});
