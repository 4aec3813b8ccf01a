import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import { startServices } from '../../src/app/services.ts';
import { deploymentId, feedPosition, readChanges } from '../../src/store/change-feed-store.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { ENGINES } from '../support/stores.ts';
import { insertSmallCity, upgradedFrom } from '../support/upgrade.ts';

/** What a city had in a database made by the release before the change feed (schema 006). */
async function fillPreviousRelease(db: Kysely<any>): Promise<void> {
  await insertSmallCity(db);
  await db.insertInto('audit_log').values({ at: '2021-07-14T10:00:00.000Z', actor: 'cdc', channel: 'api', action: 'intake.counts', detail: '{}' }).execute();
}

describe.each(ENGINES)('upgrading a database made by the previous release to the change feed (007) [%s]', (engine) => {
  it('keeps the city’s data, gives the deployment its identity and an empty feed, and serves from it', async () => {
    await upgradedFrom(engine, '006-demo', fillPreviousRelease, async (upgraded) => {
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
    });
  });
});
