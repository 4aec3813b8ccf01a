import type { Kysely } from 'kysely';

/**
 * The demo's own state, as keys and text values: whether simulated data was loaded (so the
 * banner shows even when the replay is off), the seed, and the replay's position and speed, so a
 * second start continues where the first stopped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('demo_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('demo_state').execute();
}
