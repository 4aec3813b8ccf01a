import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clockAgainstDatabase } from '../../src/ops/doctor.ts';
import { migrateTo, migrationState } from '../../src/store/migrate.ts';
import { runCliHere, spawnCli } from '../support/cli.ts';
import { freePort } from '../support/free-port.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

const REDIS_URL = process.env.VX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The line a check printed, found by its subject. */
const line = (stdout: string, subject: string) => stdout.split('\n').find((l) => l.slice(2).startsWith(subject)) ?? '';

describe.each(ENGINES)('vungxanh doctor [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let database: string;
  /** This release's migrations, in order: the last is what "up to date" names. */
  let migrations: string[];
  beforeAll(async () => {
    store = await freshStore(engine);
    database = store.schema ? `${store.url}?schema=${store.schema}` : store.url;
    migrations = (await migrationState(store.db, store.schema)).applied;
  });
  afterAll(async () => store.dispose());

  it('says ✓ for a good setup: the database reachable and up to date, the bus answering, the clock, the disk', async () => {
    const run = await runCliHere('--database', database, 'doctor', '--bus', REDIS_URL);
    expect(line(run.stdout, 'Cơ sở dữ liệu / database')).toMatch(/^✓ .*: kết nối được: .* \/ reachable: /);
    expect(line(run.stdout, 'Lược đồ / schema')).toBe(`✓ Lược đồ / schema: đã cập nhật (${migrations.at(-1)}) / up to date (${migrations.at(-1)})`);
    expect(line(run.stdout, 'Kênh tin (Redis) / bus (Redis)')).toBe(
      `✓ Kênh tin (Redis) / bus (Redis): trả lời PING: ${REDIS_URL} / answers PING: ${REDIS_URL}`,
    );
    if (engine === 'sqlite') expect(line(run.stdout, 'Dung lượng đĩa / disk space')).toMatch(/^✓ /);
    else expect(line(run.stdout, 'Đồng hồ so với máy chủ cơ sở dữ liệu / clock against the database server')).toMatch(/^✓ .*khớp \(lệch \d+\.\d giây/);
    // NTP's state is the host's: ✓, ✗, or ? where there is no systemd to ask (as in this container). Only it may fail here.
    const ntp = line(run.stdout, 'Đồng bộ giờ (NTP) / time sync (NTP)');
    expect(ntp).toMatch(/^[✓✗?] /);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('✗'))).toEqual(ntp.startsWith('✗') ? [ntp] : []);
    expect(run.status).toBe(ntp.startsWith('✗') ? 1 : 0);
  });

  it('says ✗ in both languages, with what to do, for a bus that is down', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const run = await runCliHere('--database', database, 'doctor', '--bus', down);
    expect(run.status).toBe(1);
    const bus = run.stdout.split('\n').findIndex((l) => l.startsWith('✗ Kênh tin (Redis) / bus (Redis)'));
    expect(run.stdout.split('\n')[bus]).toMatch(new RegExp(`: không kết nối được ${down} \\(.*ECONNREFUSED.*\\) / cannot reach ${down} \\(`));
    expect(run.stdout.split('\n')[bus + 1]).toBe(
      '    → kiểm tra Redis đang chạy và VX_BUS_URL; khi thiếu nó, các máy chủ vẫn thấy thay đổi nhưng chậm hơn (qua cơ sở dữ liệu) / check that Redis runs and VX_BUS_URL; without it instances still see changes, later (through the database)',
    );
    expect(run.stdout).toMatch(/\d+ mục cần xử lý \(xem ✗ ở trên\) \/ \d+ checks? failed \(see ✗ above\)\n$/);
  });

  it('says ✗ for a database a release left behind, naming the migrations it lacks', async () => {
    const old = await freshStore(engine, { migrate: false });
    try {
      // One release behind: every migration but the last.
      await migrateTo(old.db, old.schema, migrations.at(-2));
      const run = await runCliHere('--database', old.schema ? `${old.url}?schema=${old.schema}` : old.url, 'doctor');
      expect(run.status).toBe(1);
      expect(line(run.stdout, 'Lược đồ / schema')).toBe(
        `✗ Lược đồ / schema: cần nâng cấp: 1 bước chưa chạy (${migrations.at(-1)}) / needs upgrading: 1 migration pending (${migrations.at(-1)})`,
      );
    } finally {
      await old.dispose();
    }
  });
});

describe('vungxanh doctor, as its own process', () => {
  it('exits 1 for a missing SQLite file and a bus from VX_BUS_URL that is down, and creates no file', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'vx-doctor-')), 'nothing-here.sqlite');
    const down = `redis://127.0.0.1:${await freePort()}`;
    const run = spawnCli(['--database', `sqlite:${missing}`, 'doctor'], { env: { ...process.env, VX_BUS_URL: down } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`✗ Cơ sở dữ liệu / database: không có tệp ${missing} / no database file at ${missing}`);
    expect(run.stdout).toContain(`✗ Kênh tin (Redis) / bus (Redis): không kết nối được ${down}`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe("doctor's clock check against the database server", () => {
  const at = new Date('2021-07-24T10:59:58Z');
  it('says ✓ within 2 s (half the round trip allowed for) and ✗ beyond, with both clocks on HCMC time and what to do', () => {
    expect(clockAgainstDatabase({ at, localAt: new Date(at.getTime() + 2_400), roundTripMs: 1_000 }).status).toBe('ok');
    const apart = clockAgainstDatabase({ at, localAt: new Date(at.getTime() + 10_000), roundTripMs: 40 });
    expect(apart.status).toBe('fail');
    expect(apart.finding).toEqual({
      vi: 'lệch 10.0 giây (máy này 24/07/2021 18:00, máy chủ cơ sở dữ liệu 24/07/2021 17:59)',
      en: '10.0 s apart (this host 24/07/2021 18:00, the database server 24/07/2021 17:59)',
    });
    expect(apart.fix?.en).toContain('keep both hosts on NTP');
    expect(apart.fix?.vi).toContain('đồng bộ giờ cả hai máy bằng NTP');
  });
});
