import type { Kysely } from 'kysely';

/**
 * Assessments are carried forward (issue 15): a unit's row is stored only on the dates where its
 * assessment changes, and holds until its next row. What the rows alone cannot say is how far
 * the publication reached: that the levels of a quiet day were computed and published. Each
 * publication that moves the last assessed date forward records it here (append-only), so "as
 * published at T" knows which dates had levels then. Existing databases (a row per unit per day)
 * need no data migration: their last assessed date is the latest row's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assessment_reach')
    .addColumn('rulebook_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_reach_by_rulebook').on('assessment_reach').columns(['rulebook_id', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessment_reach').execute();
}
