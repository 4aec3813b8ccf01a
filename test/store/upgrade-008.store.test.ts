import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';

import { openStore } from '../../src/store/database.ts';
import { migrateTo } from '../../src/store/migrate.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/** What the intake had written in a database made by the release before arrival instants and suspected cases (schema 007). */
async function fillPreviousRelease(db: Kysely<any>): Promise<void> {
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
    const old = await freshStore(engine, { migrate: false });
    try {
      await migrateTo(old.db, old.schema, '007-change-feed');
      await fillPreviousRelease(old.db);
      await old.close();
      const upgraded = await openStore(engine === 'sqlite' ? old.url : `${old.url}?schema=${old.schema}`);
      try {
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
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.dispose().catch(() => {});
    }
  });
});
