import pg from 'pg';
import type { TestProject } from 'vitest/node';

import { POSTGRES_URL } from './postgres-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgSchemaRun: string;
  }
}

/**
 * Names this run's PostgreSQL schemas and drops them once every test file is done. Dropping a
 * schema while another file migrates races with Kysely's migrator, whose introspection lists the
 * tables of every schema in the database: a schema dropped between its lookups fails that other
 * file's migration with `schema "t_…" does not exist`. Files run two at a time, so drops wait.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const run = `t${Date.now().toString(36)}${process.pid}`;
  project.provide('pgSchemaRun', run);
  return async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('select nspname as name from pg_namespace where nspname like $1', [`${run}\\_%`]);
      for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
    } finally {
      await client.end();
    }
  };
}
