import { describe, expect, it } from 'vitest';

import { listTokens, listUsers } from '../../src/store/accounts-store.ts';
import { listCampaigns } from '../../src/store/campaign-store.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { keepRendering, keptRendering } from '../../src/store/kept-renderings-store.ts';
import { migrationState } from '../../src/store/migrate.ts';
import { ENGINES } from '../support/stores.ts';
import { fromReleaseFixture } from '../support/upgrade.ts';

/** The last migration of the release that made test/fixtures/release/. */
const FIXTURE_MIGRATION = '012-unit-households';
/**
 * The migrations added since that release, which opening its database must apply. A new migration
 * adds its name here and, below, a check that its change reads the release's data right
 * (docs/operations.md, "The release fixture").
 */
const SINCE_FIXTURE: string[] = ['013-sign-in', '014-alerts', '015-appeals', '016-rewards', '017-kept-renderings'];

describe.each(ENGINES)("upgrading the last release's database, as its backup saved it [%s]", (engine) => {
  it("applies only this release's new migrations and reads back the city, its cases, rejects, campaign and accounts", async () => {
    await fromReleaseFixture(engine, async (before, upgraded) => {
      expect(before.applied.at(-1)).toBe(FIXTURE_MIGRATION);
      expect(before.unknown).toEqual([]);
      expect(before.pending).toEqual(SINCE_FIXTURE);
      const after = await migrationState(upgraded.db, engine === 'postgresql' ? 'vx_release' : undefined);
      expect(after).toEqual({ applied: [...before.applied, ...SINCE_FIXTURE], pending: [], unknown: [] });

      const units = await loadUnits(upgraded.db);
      expect(units.map((u) => [u.code, u.kind, u.parentCode ?? null, u.population])).toEqual([
        ['26734', 'ward', '760', 25_000],
        ['26740', 'ward', '760', 18_000],
        ['760', 'district', '79', 142_625],
        ['79', 'city', null, 8_993_082],
      ]);
      const cases = await upgraded.db.selectFrom('case_records').select(['id', 'unit_code', 'confirmed_date', 'setting']).orderBy('id').execute();
      expect(cases).toEqual([
        { id: 'BN1', unit_code: '26740', confirmed_date: '2021-07-10', setting: 'community' },
        { id: 'BN2', unit_code: '26740', confirmed_date: '2021-07-10', setting: 'community' },
        { id: 'BN3', unit_code: '26734', confirmed_date: '2021-07-12', setting: 'quarantine' },
      ]);
      const cube = await upgraded.db.selectFrom('cube_cases').select(['unit_code', 'cases']).where('date', '=', '2021-07-10').orderBy('unit_code').execute();
      expect(cube.map((c) => [c.unit_code, Number(c.cases)])).toEqual([
        ['26740', 2],
        ['760', 2],
        ['79', 2],
      ]);
      const rejects = await upgraded.db.selectFrom('rejects').select(['position', 'raw']).execute();
      expect(rejects).toHaveLength(1);
      expect(rejects[0].raw).toContain('Phường Không Có');
      expect((await listCampaigns(upgraded.db)).map((c) => c.id)).toEqual(['hcmc-2021-vung-xanh']);
      expect((await listUsers(upgraded.db)).map((u) => [u.name, u.roles])).toEqual([['lan', [{ role: 'data_officer', scope: '760' }]]]);
      expect((await listTokens(upgraded.db)).map((t) => [t.role, t.scope, t.user, t.revokedAt])).toEqual([['data_officer', '760', 'lan', null]]);
      // 013-sign-in: the release's user has no password yet, is not disabled, and has no session.
      const lan = await upgraded.db.selectFrom('users').select(['password_set_at', 'disabled_at']).where('name', '=', 'lan').executeTakeFirstOrThrow();
      expect(lan).toEqual({ password_set_at: null, disabled_at: null });
      expect(await upgraded.db.selectFrom('sessions').select('user_id').execute()).toEqual([]);
      // 015-appeals: the release had none; the tables are there, empty, and take an attachment's bytes back unchanged.
      expect(await upgraded.db.selectFrom('appeals').select('id').execute()).toEqual([]);
      const { id } = await upgraded.db
        .insertInto('appeals')
        .values({
          unit_code: '26740',
          date: '2021-07-12',
          rulebook_id: 'vn-2686',
          reason: 'kiểm tra nâng cấp',
          status: 'open',
          filed_by: 't',
          filed_role: 'committee',
          filed_scope: '760',
          filed_at: '2021-07-12T00:00:00Z',
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
      await upgraded.db
        .insertInto('appeal_attachments')
        .values({ appeal_id: Number(id), n: 1, file_name: 'a.png', media_type: 'image/png', size: 6, sha256: '-', content: bytes })
        .execute();
      const back = await upgraded.db.selectFrom('appeal_attachments').select('content').executeTakeFirstOrThrow();
      expect(Buffer.from(back.content).equals(bytes)).toBe(true);
      // 016-rewards: the release had no rewards; the tables are there and empty (the campaign gets its scheme when loaded).
      expect(await upgraded.db.selectFrom('nominations').select('id').execute()).toEqual([]);
      expect(await upgraded.db.selectFrom('reward_decisions').select('id').execute()).toEqual([]);
      // 017-kept-renderings: none kept yet; a rendering kept now reads back as drawn.
      const state = { position: 1, what: 'city-map', size: 'og', lang: 'vi', date: '2021-07-12', subject: '' } as const;
      expect(await keptRendering(upgraded.db, state)).toBeNull();
      await keepRendering(upgraded.db, state, '<svg>Bản đồ</svg>', new Date('2021-07-12T00:00:00Z'));
      expect(await keptRendering(upgraded.db, state)).toBe('<svg>Bản đồ</svg>');
      // 014-alerts: no alert yet, and the alert cursor stands at the release's last feed entry, so
      // the first start raises alerts from now on instead of re-living the release's history.
      expect(await upgraded.db.selectFrom('alerts').select('id').execute()).toEqual([]);
      const last = await upgraded.db
        .selectFrom('change_feed')
        .select((eb) => eb.fn.max('id').as('last'))
        .executeTakeFirstOrThrow();
      const cursor = await upgraded.db.selectFrom('feed_cursors').select('position').where('name', '=', 'alerts').executeTakeFirst();
      expect(last.last).not.toBeNull();
      expect(Number(cursor?.position)).toBe(Number(last.last));
    });
  }, 120_000);
});
