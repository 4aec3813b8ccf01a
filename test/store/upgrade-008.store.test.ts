import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import { Intake } from '../../src/app/intake/intake.ts';
import { Hierarchy } from '../../src/core/geo/hierarchy.ts';
import { loadUnits } from '../../src/store/geography-store.ts';
import { ENGINES } from '../support/stores.ts';
import { upgradedFrom } from '../support/upgrade.ts';

/** What the intake had written in a database made by the release before arrival instants and suspected cases (schema 007). */
async function fillPreviousRelease(db: Kysely<any>): Promise<void> {
  const unit = (code: string, name: string, kind: string, parent: string | null) => ({
    code,
    valid_from: '2020-01-01',
    valid_to: null,
    name,
    name_folded: name.toLowerCase(),
    kind,
    parent_code: parent,
    population: 25_000,
  });
  await db
    .insertInto('units')
    .values([unit('79', 'Thành phố Hồ Chí Minh', 'city', null), unit('760', 'Quận 1', 'district', '79'), unit('26734', 'Phường Tân Định', 'ward', '760')])
    .execute();
  await db
    .insertInto('case_records')
    .values({
      id: 'OLD-1',
      version: 1,
      confirmed_date: '2021-07-09',
      unit_code: '26734',
      setting: 'community',
      source_known: 0,
      source_place: null,
      cluster: null,
      household: null,
      void: 0,
      batch: 'b1',
    })
    .execute();
  await db.insertInto('test_counts').values({ unit_code: '26734', date: '2021-07-09', tested: 40, positive: 1, batch: 'b1' }).execute();
  await db
    .insertInto('daily_counts')
    .values({ unit_code: '26734', date: '2021-07-09', setting: 'community', source_known: 0, count: 2, batch: 'b1' })
    .execute();
  for (const code of ['26734', '760', '79'])
    await db.insertInto('cube_tests').values({ unit_code: code, date: '2021-07-09', tested: 40, positive: 1 }).execute();
  await db
    .insertInto('rejects')
    .values({
      kind: 'cases',
      channel: 'api',
      actor: 'cdc',
      scope: null,
      batch: 'b0',
      import_id: null,
      received_at: '2021-07-09T01:00:00.000Z',
      position: 0,
      record_id: 'OLD-2',
      raw: '{"id":"OLD-2"}',
      errors: '[]',
    })
    .execute();
  await db
    .insertInto('import_jobs')
    .values({
      id: 'job1',
      kind: 'cases',
      file_name: 'a.csv',
      status: 'done',
      total: 1,
      processed: 1,
      accepted: 1,
      unchanged: 0,
      rejected: 0,
      actor: 'cdc',
      created_at: '2021-07-09T01:00:00.000Z',
    })
    .execute();
}

describe.each(ENGINES)('upgrading a database made before arrival instants and suspected cases (008) [%s]', (engine) => {
  it('keeps every ledger row, cube cell, reject and job, with the new columns NULL (arrival unknown, suspected not reported) and an old reject keyed by its case id', async () => {
    await upgradedFrom(engine, '007-change-feed', fillPreviousRelease, async (upgraded) => {
      const db = upgraded.db;
      expect(await db.selectFrom('case_records').select(['id', 'confirmed_date', 'received_at']).execute()).toEqual([
        { id: 'OLD-1', confirmed_date: '2021-07-09', received_at: null },
      ]);
      const tests = await db.selectFrom('test_counts').select(['tested', 'positive', 'suspected', 'received_at']).execute();
      expect(tests.map((t) => [Number(t.tested), Number(t.positive), t.suspected, t.received_at])).toEqual([[40, 1, null, null]]);
      const counts = await db.selectFrom('daily_counts').select(['count', 'received_at']).execute();
      expect(counts.map((c) => [Number(c.count), c.received_at])).toEqual([[2, null]]);
      const cube = await db.selectFrom('cube_tests').select(['unit_code', 'tested', 'suspected']).orderBy('unit_code').execute();
      expect(cube.map((c) => [c.unit_code, Number(c.tested), c.suspected])).toEqual([
        ['26734', 40, null],
        ['760', 40, null],
        ['79', 40, null],
      ]);
      expect(await db.selectFrom('rejects').select(['record_id', 'record_key', 'resolved_at', 'resolved_batch', 'resolved_import']).execute()).toEqual([
        { record_id: 'OLD-2', record_key: 'OLD-2', resolved_at: null, resolved_batch: null, resolved_import: null },
      ]);
      expect(await db.selectFrom('import_jobs').select(['id', 'status', 'problem']).execute()).toEqual([{ id: 'job1', status: 'done', problem: null }]);

      // The upgraded database takes new reports: suspected cases add onto cells that had none,
      // and the old reject closes when its case lands.
      const intake = new Intake(upgraded, new Hierarchy(await loadUnits(db)), () => new Date('2021-07-15T03:00:00Z'));
      const sender = { actor: 'cdc', scope: null };
      const options = { channel: 'api', strictFields: true };
      await intake.ingest('tests', [{ index: 0, values: { unit: '26734', date: '2021-07-09', tested: 40, positive: 1, suspected: 5 } }], sender, options);
      const after = await db.selectFrom('cube_tests').select(['unit_code', 'tested', 'suspected']).orderBy('unit_code').execute();
      expect(after.map((c) => [c.unit_code, Number(c.tested), Number(c.suspected)])).toEqual([
        ['26734', 40, 5],
        ['760', 40, 5],
        ['79', 40, 5],
      ]);
      const landed = await intake.ingest(
        'cases',
        [{ index: 0, values: { id: 'OLD-2', confirmedDate: '2021-07-10', unit: '26734', setting: 'community', sourceKnown: false } }],
        sender,
        options,
      );
      expect(await db.selectFrom('rejects').select(['record_id', 'resolved_at', 'resolved_batch']).execute()).toEqual([
        { record_id: 'OLD-2', resolved_at: '2021-07-15T03:00:00.000Z', resolved_batch: landed.outcome.batch },
      ]);
    });
  });
});
