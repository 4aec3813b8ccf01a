import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type OpenOptions, openStore, type Store } from '../../src/store/database.ts';
import { POSTGRES_URL } from './postgres-url.ts';

export { POSTGRES_URL };

export const ENGINES = ['sqlite', 'postgresql'] as const;
export type EngineName = (typeof ENGINES)[number];

/**
 * A fresh, migrated store on a real engine: a new SQLite file in a temporary folder, or a new
 * schema in the PostgreSQL test database (dropped by `dispose`), so tests never share state.
 */
export async function freshStore(engine: EngineName, options: OpenOptions = {}): Promise<Store & { url: string; schema?: string; dispose(): Promise<void> }> {
  if (engine === 'sqlite') {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'vx-')), 'test.sqlite')}`;
    const store = await openStore(url, options);
    return Object.assign(store, { url, dispose: () => store.close() });
  }
  // Named for this run, and dropped when the run ends (pg-schemas.ts), not here: a drop while
  // another file migrates fails that migration. vitest is loaded here, not at the top, so that
  // benches can use the helpers that import this module (bench/faults.bench.ts).
  const { inject } = await import('vitest');
  const schema = `${inject('pgSchemaRun')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const store = await openStore(POSTGRES_URL, { ...options, pgSchema: schema });
  return Object.assign(store, { url: POSTGRES_URL, schema, dispose: () => store.close() });
}
