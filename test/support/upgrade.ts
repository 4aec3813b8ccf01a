import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import type { Kysely } from 'kysely';
import pg from 'pg';

import { restoreDatabase } from '../../src/store/backup.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateTo, type MigrationState, migrationState } from '../../src/store/migrate.ts';
import { type EngineName, freshStore, POSTGRES_URL } from './stores.ts';

/**
 * A database as the release that stopped at `migration` left it, filled by `fill` with what a
 * city kept then; `check` gets it opened by this release (which upgrades it on opening). Both
 * are closed and the database removed afterwards, whatever `check` found.
 */
export async function upgradedFrom(
  engine: EngineName,
  migration: string,
  fill: (db: Kysely<any>) => Promise<void>,
  check: (upgraded: Store) => Promise<void>,
): Promise<void> {
  const old = await freshStore(engine, { migrate: false });
  try {
    await migrateTo(old.db, old.schema, migration);
    await fill(old.db);
    await old.close();
    const upgraded = await openStore(engine === 'sqlite' ? old.url : `${old.url}?schema=${old.schema}`);
    try {
      await check(upgraded);
    } finally {
      await upgraded.close();
    }
  } finally {
    await old.dispose().catch(() => {});
  }
}

/** The small city earlier releases' fixtures hold: the city, Quận 1 and Phường Tân Định, four community cases of 14/07 in each one's cube. */
export async function insertSmallCity(db: Kysely<any>): Promise<void> {
  const unit = (code: string, name: string, kind: string, parent: string | null, population: number) => ({
    code,
    valid_from: '2020-01-01',
    valid_to: null,
    name,
    name_folded: name.toLowerCase(),
    kind,
    parent_code: parent,
    population,
  });
  await db
    .insertInto('units')
    .values([
      unit('79', 'Thành phố Hồ Chí Minh', 'city', null, 8_993_082),
      unit('760', 'Quận 1', 'district', '79', 142_625),
      unit('26734', 'Phường Tân Định', 'ward', '760', 25_000),
    ])
    .execute();
  for (const code of ['26734', '760', '79'])
    await db.insertInto('cube_cases').values({ unit_code: code, date: '2021-07-14', setting: 'community', source_known: 0, cases: 4 }).execute();
}

/** Where the last release's databases are kept (made by scripts/release-fixture.ts; docs/operations.md). */
const RELEASE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'release');
/** The schema the PostgreSQL fixture's tables live in (scripts/release-fixture.ts). */
const RELEASE_PG_SCHEMA = 'vx_release';

/**
 * The database the last release made, as its `vungxanh backup` saved it, put back on `engine` —
 * SQLite: the file unpacked; PostgreSQL: restored by `restoreDatabase` into a database of its own —
 * then: `before`, where its schema stood as found; `check`, the database opened by this release
 * (which upgrades it on opening). Everything is removed afterwards, whatever `check` found.
 */
export async function fromReleaseFixture(engine: EngineName, check: (before: MigrationState, upgraded: Store) => Promise<void>): Promise<void> {
  let url: string;
  let dispose = async () => {};
  if (engine === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'vx-release-')), 'vungxanh.sqlite');
    writeFileSync(path, gunzipSync(readFileSync(join(RELEASE_FIXTURES, 'vungxanh.sqlite.gz'))));
    url = `sqlite:${path}`;
  } else {
    // A database of its own: restoring replaces a whole schema, and the fixture's has a fixed name.
    const name = `vx_release_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    dispose = async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    const parsed = new URL(POSTGRES_URL);
    parsed.pathname = `/${name}`;
    parsed.searchParams.set('schema', RELEASE_PG_SCHEMA);
    url = parsed.toString();
  }
  try {
    if (engine === 'postgresql') await restoreDatabase(url, join(RELEASE_FIXTURES, 'vungxanh-postgres.backup'));
    const asFound = await openStore(url, { migrate: false });
    let before: MigrationState;
    try {
      before = await migrationState(asFound.db, engine === 'postgresql' ? RELEASE_PG_SCHEMA : undefined);
    } finally {
      await asFound.close();
    }
    const upgraded = await openStore(url);
    try {
      await check(before, upgraded);
    } finally {
      await upgraded.close();
    }
  } finally {
    await dispose();
  }
}
