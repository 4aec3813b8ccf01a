import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

import * as geography from './migrations/001-geography.ts';
import * as cube from './migrations/002-cube.ts';
import * as intake from './migrations/003-intake.ts';
import * as engine from './migrations/004-engine.ts';
import * as campaign from './migrations/005-campaign.ts';
import * as demo from './migrations/006-demo.ts';
import * as changeFeed from './migrations/007-change-feed.ts';
import * as intakeArrivals from './migrations/008-intake-arrivals.ts';
import * as assessmentReach from './migrations/010-assessment-reach.ts';
import * as cutCorrections from './migrations/011-cut-corrections.ts';
import * as unitHouseholds from './migrations/012-unit-households.ts';
import * as signIn from './migrations/013-sign-in.ts';
import * as alerts from './migrations/014-alerts.ts';
import * as appeals from './migrations/015-appeals.ts';
import * as rewards from './migrations/016-rewards.ts';
import * as keptRenderings from './migrations/017-kept-renderings.ts';

/**
 * Migrations are listed in code rather than read from a folder, so they run the same from
 * source, from a bundle and in tests. Add new ones at the end; never edit a shipped one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001-geography': geography,
  '002-cube': cube,
  '003-intake': intake,
  '004-engine': engine,
  '005-campaign': campaign,
  '006-demo': demo,
  '007-change-feed': changeFeed,
  '008-intake-arrivals': intakeArrivals,
  '010-assessment-reach': assessmentReach,
  '011-cut-corrections': cutCorrections,
  '012-unit-households': unitHouseholds,
  '013-sign-in': signIn,
  '014-alerts': alerts,
  '015-appeals': appeals,
  '016-rewards': rewards,
  '017-kept-renderings': keptRenderings,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * Brings the schema up to date. On PostgreSQL with a named schema the migration bookkeeping
 * lives in that schema too: Kysely otherwise finds another schema's bookkeeping tables and
 * skips creating its own.
 */
export async function migrateToLatest(db: Kysely<any>, pgSchema?: string): Promise<void> {
  return migrateTo(db, pgSchema);
}

/**
 * Brings the schema to a named migration (default the latest): tests build the database an
 * earlier release made with it, then check that upgrading keeps a city's data.
 */
export async function migrateTo(db: Kysely<any>, pgSchema?: string, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Where a database stands against this release's migrations. */
export interface MigrationState {
  /** Applied, in order (the last one names the release that last wrote the schema). */
  applied: string[];
  /** Known to this release and not applied yet: opening the database with `migrate` applies them. */
  pending: string[];
  /** Applied by a newer release than this one: this code does not know that schema. */
  unknown: string[];
}

/**
 * Reads the migration bookkeeping without changing anything: the doctor and restore ask it
 * before anything migrates. A database no release has opened yet has applied nothing.
 */
export async function migrationState(db: Kysely<any>, pgSchema?: string): Promise<MigrationState> {
  const table = pgSchema ? sql.id(pgSchema, 'kysely_migration') : sql.id('kysely_migration');
  let applied: string[] = [];
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table} order by name`.execute(db);
    applied = rows.map((r) => r.name);
  } catch (error) {
    if (!(await hasNoMigrationTable(db, pgSchema))) throw error;
  }
  const known = Object.keys(MIGRATIONS);
  return { applied, pending: known.filter((name) => !applied.includes(name)), unknown: applied.filter((name) => !isKnownMigration(name)) };
}

/** Whether this release has a migration of that name: one it has not is a newer release's. */
export function isKnownMigration(name: string): boolean {
  return Object.hasOwn(MIGRATIONS, name);
}

async function hasNoMigrationTable(db: Kysely<any>, pgSchema?: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return !tables.some((t) => t.name === 'kysely_migration' && (pgSchema === undefined || t.schema === pgSchema));
}
