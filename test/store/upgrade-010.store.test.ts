import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import { startServices } from '../../src/app/services.ts';
import { assessmentHistory, publishedLevelsOn } from '../../src/store/assessment-store.ts';
import { ENGINES } from '../support/stores.ts';
import { insertSmallCity, upgradedFrom } from '../support/upgrade.ts';

const DATES = ['2021-07-14', '2021-07-15', '2021-07-16'];
const PUBLISHED = '2021-07-16T03:00:00.000Z';

/** What a city had in a database made by the release before carrying forward (schema 007): a row per unit per day. */
async function fillPreviousRelease(db: Kysely<any>): Promise<void> {
  await insertSmallCity(db);
  for (const code of ['26734', '760', '79'])
    for (const date of DATES)
      await db
        .insertInto('assessments')
        .values({
          rulebook_id: 'vn-2686',
          rulebook_version: 'old',
          unit_code: code,
          date,
          version: 1,
          level: 2,
          state: 'high',
          reasons: '[]',
          override_id: null,
          signature: 'old-high',
          computed_at: PUBLISHED,
        })
        .execute();
}

describe.each(ENGINES)('upgrading a database with a row per unit per day to carried-forward assessments (010) [%s]', (engine) => {
  it('reads the old rows as before, and a server carries its levels up to today on top of them', async () => {
    await upgradedFrom(engine, '007-change-feed', fillPreviousRelease, async (upgraded) => {
      // The old rows, read the new way: one per day, to the last of them (no reach records yet).
      expect((await assessmentHistory(upgraded.db, 'vn-2686', '26734', '2021-07-01', '2021-07-31')).map((a) => [a.date, a.level])).toEqual(
        DATES.map((d) => [d, 2]),
      );
      expect((await publishedLevelsOn(upgraded.db, 'vn-2686', '2021-07-16', PUBLISHED)).levels).toEqual({ '26734': 2, '760': 2, '79': 2 });
      expect((await publishedLevelsOn(upgraded.db, 'vn-2686', '2021-07-17', PUBLISHED)).levels).toEqual({});
      // A server on the upgraded database, its clock on 20/07: levels to today, old days corrected by new versions.
      const { services, close } = await startServices({ store: upgraded, now: () => new Date('2021-07-20T03:00:00Z') });
      try {
        await services.risk.idle();
        expect((await services.risk.levels({ kind: 'ward' })).date).toBe('2021-07-20');
        const now = await assessmentHistory(upgraded.db, 'vn-2686', '26734', '2021-07-14', '2021-07-20');
        expect(now.map((a) => a.date)).toEqual(['2021-07-14', '2021-07-15', '2021-07-16', '2021-07-17', '2021-07-18', '2021-07-19', '2021-07-20']);
        expect(now.every((a) => a.rulebook.version !== 'old')).toBe(true);
        // As published before the upgrade: still the old rows, and nothing past them.
        expect((await assessmentHistory(upgraded.db, 'vn-2686', '26734', '2021-07-14', '2021-07-20', PUBLISHED)).map((a) => a.level)).toEqual([2, 2, 2]);
      } finally {
        await close();
      }
    });
  });
});
