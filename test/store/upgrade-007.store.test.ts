import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import { startServices } from '../../src/app/services.ts';
import { deploymentId, feedPosition, readChanges } from '../../src/store/change-feed-store.ts';
import { openStore } from '../../src/store/database.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { migrateTo } from '../../src/store/migrate.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/** What a city had in a database made by the release before the change feed (schema 006). */
async function fillPreviousRelease(db: Kysely<any>): Promise<void> {
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
  await db.insertInto('audit_log').values({ at: '2021-07-14T10:00:00.000Z', actor: 'cdc', channel: 'api', action: 'intake.counts', detail: '{}' }).execute();
}

describe.each(ENGINES)('upgrading a database made by the previous release to the change feed (007) [%s]', (engine) => {
  it('keeps the city’s data, gives the deployment its identity and an empty feed, and serves from it', async () => {
    const old = await freshStore(engine, { migrate: false });
    try {
      await migrateTo(old.db, old.schema, '006-demo');
      await fillPreviousRelease(old.db);
      await old.close();
      const upgraded = await openStore(engine === 'sqlite' ? old.url : `${old.url}?schema=${old.schema}`);
      try {
        expect((await loadUnits(upgraded.db)).map((u) => u.code)).toEqual(['26734', '760', '79']);
        expect(await upgraded.db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'intake.counts' }]);
        expect(await deploymentId(upgraded.db)).toMatch(/^[0-9a-f-]{36}$/);
        expect(await feedPosition(upgraded.db)).toBe(0);
        // A server on the upgraded database computes from the data it kept, and announces it on the feed.
        const { services, close } = await startServices({ store: upgraded, now: () => new Date('2021-07-15T03:00:00Z') });
        try {
          expect((await services.risk.levels({ kind: 'ward' })).levels['26734']).toBeGreaterThan(0);
          expect((await readChanges(upgraded.db, 0)).map((c) => c.kind)).toEqual(['levels']);
        } finally {
          await close();
        }
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.dispose().catch(() => {});
    }
  });
});
