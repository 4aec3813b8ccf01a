import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { SnapshotManifest } from '../../src/cli/snapshot-writer.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';

describe('vungxanh snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vx-snapshot-cli-'));
  const database = `sqlite:${join(dir, 'db.sqlite')}`;

  it('writes the API answers and a manifest, as its own process', async () => {
    expect((await runCliHere('--database', database, 'geo', 'import', '--hcmc-2021')).status).toBe(0);
    // One case, so that levels are published (the open data publishes from the first date with data).
    const cases = join(dir, 'ca-benh.csv');
    writeFileSync(cases, 'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây\nSN1,10/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ\n');
    expect((await runCliHere('--database', database, 'import', 'cases', cases)).status).toBe(0);
    const out = join(dir, 'answers');
    const made = spawnCli(['--database', database, 'snapshot', '--out', out, '--date', '2021-07-18', '--no-web']);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/snapshot 2021-07-18 → .*: \d+ API answers, \d+ files, .* MB; change-feed position \d+/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as SnapshotManifest;
    expect(manifest).toMatchObject({ format: 'vungxanh-snapshot/1', date: '2021-07-18' });
    expect(manifest.answers).toContain('/api/v1/levels?kind=ward&date=2021-07-18');
    const wards = JSON.parse(readFileSync(join(out, 'api/v1/levels/date=2021-07-18&kind=ward.json'), 'utf8'));
    expect(Object.keys(wards.levels)).toHaveLength(312);
    // The open data's latest files, at the paths of their URLs, latest and dated alike (docs/open-data.md).
    expect(manifest.openData).toContain('/api/v1/open-data/levels/latest.csv');
    const latest = readFileSync(join(out, 'api/v1/open-data/levels/latest.csv'), 'utf8');
    expect(latest.startsWith('\uFEFFdate,code,name,kind,parent_code,level')).toBe(true);
    expect(latest).toContain('Phường Bến Nghé');
    const dated = manifest.openData.find((u) => /^\/api\/v1\/open-data\/levels\/\d{4}-\d{2}-\d{2}\.csv$/.test(u))!;
    expect(readFileSync(join(out, dated.slice(1)), 'utf8')).toBe(latest);
    // --no-web: the answers alone.
    expect(existsSync(join(out, 'index.html'))).toBe(false);
    expect(manifest.files.every((f) => f.path.startsWith('api/'))).toBe(true);
    // Made again over itself: an earlier snapshot is replaced.
    expect((await runCliHere('--database', database, 'snapshot', '--out', out, '--date', '2021-07-18', '--no-web')).status).toBe(0);
    // Four commands, two of them snapshots of every answer: more than the default timeout on a busy machine.
  }, 180_000);

  it('refuses a date that is not one, and a folder holding something else, naming the option', async () => {
    const date = await runCliHere('--database', database, 'snapshot', '--out', join(dir, 'x'), '--date', '2021-02-30');
    expect(date.status).toBe(1);
    expect(date.stderr).toContain('--date');
    const precious = join(dir, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.txt'), 'not a snapshot');
    const out = await runCliHere('--database', database, 'snapshot', '--out', precious, '--no-web');
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('--out');
    expect(readFileSync(join(precious, 'thesis.txt'), 'utf8')).toBe('not a snapshot');
  });
});
