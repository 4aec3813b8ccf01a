import { type Kysely, sql } from 'kysely';

/**
 * Issue 15, items 6 and 7. Every ledger row keeps the instant it arrived (`received_at`, ISO UTC,
 * on the deployment's clock) beside the date it describes: reporting delay is a fact the analysis
 * needs. A test report may carry the suspected cases of its unit and day (`suspected`), summed in
 * the cube beside tested and positive; no rule reads it. Rows written before this release have
 * NULL in both: arrival unknown, suspected not reported.
 *
 * A reject keeps the key of the record it would have written (`record_key`, see recordKey) where
 * its row was clear enough to tell, so the record landing later closes it, and says what closed
 * it (`resolved_batch`, `resolved_import`); a reject kept before takes its record id as its key. An import job refused as a whole (its columns) keeps
 * the problem document it answered (`problem`, JSON), and a job keeps the notes on rows it accepted
 * with a remark (`notes`, JSON: a former district or an abolished ward read as its successor).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['case_records', 'test_counts', 'daily_counts']) {
    await db.schema.alterTable(table).addColumn('received_at', 'text').execute();
  }
  await db.schema.alterTable('test_counts').addColumn('suspected', 'integer').execute();
  await db.schema.alterTable('cube_tests').addColumn('suspected', 'integer').execute();
  await db.schema.alterTable('rejects').addColumn('record_key', 'text').execute();
  await db.schema.alterTable('rejects').addColumn('resolved_batch', 'text').execute();
  await db.schema.alterTable('rejects').addColumn('resolved_import', 'text').execute();
  await db.schema.createIndex('rejects_key').on('rejects').columns(['kind', 'record_key']).execute();
  // A reject kept before this release names its case id (or, refused by the ledger's rules, the
  // report's key) in record_id: that is its key, so a fix landing now closes it too.
  await db
    .updateTable('rejects')
    .set({ record_key: sql`record_id` })
    .where('record_id', 'is not', null)
    .execute();
  await db.schema.alterTable('import_jobs').addColumn('problem', 'text').execute();
  await db.schema.alterTable('import_jobs').addColumn('notes', 'text').execute();
}
