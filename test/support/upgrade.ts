import type { Kysely } from 'kysely';

import { openStore, type Store } from '../../src/store/database.ts';
import { migrateTo } from '../../src/store/migrate.ts';
import { type EngineName, freshStore } from './stores.ts';

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
