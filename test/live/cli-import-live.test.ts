import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { spawnCliAsync } from '../support/cli.ts';
import { connectSse } from '../support/sse.ts';
import { ENGINES, freshStore } from '../support/stores.ts';

/**
 * The CDC officer's `vungxanh import` is another process than the server: its write reaches the
 * running server through the database's change feed alone (issue 14, item 1).
 */
describe.each(ENGINES)('a CLI import reaches a running server [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let url = '';

  beforeAll(async () => {
    store = await freshStore(engine);
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    // Today on the deployment's clock is the day of the import's last row: its levels are the latest.
    ({ app } = await buildApp({ store, webRoot: '/nonexistent', now: () => new Date('2021-07-16T03:00:00Z') }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.dispose();
  });

  it('within 2 s of `vungxanh import counts` ending, an SSE client sees the change and /levels has the new dates', async () => {
    const client = await connectSse(`${url}/api/v1/stream`);
    try {
      await client.next('hello');
      const file = join(
        store.url.startsWith('sqlite:') ? store.url.slice('sqlite:'.length, -'test.sqlite'.length) : '/tmp',
        `counts-${process.pid}-${engine}.csv`,
      );
      const rows = [
        'unit,date,setting,sourceKnown,count',
        '26734,2021-07-14,community,false,4',
        '26737,2021-07-15,community,false,2',
        '26740,2021-07-16,community,true,1',
      ];
      writeFileSync(file, rows.join('\n') + '\n');
      const database = engine === 'sqlite' ? store.url : `${store.url}?schema=${(store as { schema?: string }).schema}`;
      const cli = await spawnCliAsync(['--database', database, 'import', 'counts', file]);
      expect(cli.status, cli.stderr + cli.stdout).toBe(0);
      const event = await client.next('levels', 2000);
      const heardIn = Date.now() - cli.endedAt;
      expect(heardIn).toBeLessThanOrEqual(2000);
      expect(event.id).toBeGreaterThan(0);
      expect(event.data).toMatchObject({ type: 'levels.changed', date: '2021-07-16' });
      const levels = await (await fetch(`${url}/api/v1/levels?kind=ward&date=2021-07-16`)).json();
      expect(levels.date).toBe('2021-07-16');
      expect(levels.levels['26734']).toBeGreaterThan(0);
      const dates = await (await fetch(`${url}/api/v1/levels/dates`)).json();
      expect(JSON.stringify(dates)).toContain('2021-07-14');
    } finally {
      client.close();
    }
  });
});
