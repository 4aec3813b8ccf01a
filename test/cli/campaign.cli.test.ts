import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { getCampaign } from '../../src/store/campaign-store.ts';
import { openStore } from '../../src/store/database.ts';
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
    const store = await openStore(database);
    const campaign = await getCampaign(store.db, 'hcmc-2021-vung-xanh');
    await store.close();
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
});
