import type { Kysely } from 'kysely';

/**
 * Households per unit (issue 16). A khu phố or ấp is counted in households as much as in people:
 * HCMC's 2021 household scheme and the lists ward committees keep give both. Nullable: wards and
 * districts imported before, and lists that do not say, have no figure.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').addColumn('households', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('households').execute();
}
