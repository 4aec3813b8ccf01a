/**
 * Makes the database fixtures of this release (test/fixtures/release/): a small city put in
 * through the `vungxanh` commands — units, cases with one rejected row, a user and a token, the
 * demo campaign — then saved by `vungxanh backup`, once from SQLite and once from PostgreSQL.
 * The next release's migrations are tested against these files (test/store/upgrade-release.store.test.ts),
 * so run this at each release, before the next migration is written (docs/operations.md):
 *
 *   npx tsx scripts/release-fixture.ts      # needs the test PostgreSQL (VX_TEST_POSTGRES_URL)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import pg from 'pg';

import { runCli } from '../src/cli/main.ts';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'release');
const POSTGRES_URL = process.env.VX_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The schema the PostgreSQL fixture's tables live in: a restore puts them back under this name. */
const PG_SCHEMA = 'vx_release';

const work = mkdtempSync(join(tmpdir(), 'vx-release-fixture-'));
const units = join(work, 'units.csv');
writeFileSync(
  units,
  'code,name,kind,parent_code,population\n' +
    '79,Thành phố Hồ Chí Minh,city,,8993082\n' +
    '760,Quận 1,district,79,142625\n' +
    '26734,Phường Tân Định,ward,760,25000\n' +
    '26740,Phường Bến Nghé,ward,760,18000\n',
);
const cases = join(work, 'cases.csv');
writeFileSync(
  cases,
  'Mã ca,Ngày xác định,Phường/Xã,Quận/Huyện,Nơi phát hiện,Nguồn lây\n' +
    'BN1,10/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ\n' +
    'BN2,10/07/2021,Bến Nghé,Quận 1,Cộng đồng,Chưa rõ\n' +
    'BN3,12/07/2021,Tân Định,Quận 1,Khu cách ly,Đã rõ\n' +
    'BN4,12/07/2021,Phường Không Có,Quận 1,Cộng đồng,Chưa rõ\n',
);

async function vungxanh(database: string, ...args: string[]): Promise<void> {
  const status = await runCli(['node', 'vungxanh', '--database', database, ...args]);
  // `import` exits 1 when a row is rejected, which this city means to have.
  if (status !== 0 && args[0] !== 'import') throw new Error(`vungxanh ${args.join(' ')} exited ${status}`);
}

async function fill(database: string, out: string): Promise<void> {
  await vungxanh(database, 'geo', 'import', '--units', units);
  await vungxanh(database, 'import', 'cases', cases, '--rejects', join(work, `rejects-${Date.now()}.csv`));
  await vungxanh(database, 'user', 'add', 'lan', '--role', 'data_officer', '--scope', '760');
  await vungxanh(database, 'campaign', 'load');
  await vungxanh(database, 'token', 'create', '--role', 'data_officer', '--scope', '760', '--user', 'lan');
  await vungxanh(database, 'backup', '--force', '--out', out);
}

// SQLite gives each table and index a page of its own: 280 kB of mostly empty pages, 20 kB gzipped.
const sqliteBackup = join(work, 'vungxanh.sqlite');
await fill(`sqlite:${join(work, 'live.sqlite')}`, sqliteBackup);
writeFileSync(join(OUT, 'vungxanh.sqlite.gz'), gzipSync(readFileSync(sqliteBackup), { level: 9 }));

// PostgreSQL: a database of its own, dropped afterwards, so the fixture's schema is alone in it.
const name = `vx_release_fixture_${process.pid}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
await admin.connect();
try {
  await admin.query(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  url.searchParams.set('schema', PG_SCHEMA);
  await fill(url.toString(), join(OUT, 'vungxanh-postgres.backup'));
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
console.log(`written: ${OUT}`);
