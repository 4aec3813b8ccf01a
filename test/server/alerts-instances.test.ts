import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { storeWithUnits } from '../support/intake.ts';
import { ENGINES, POSTGRES_URL } from '../support/stores.ts';

const NOW = () => new Date('2021-07-18T03:00:00Z');
const TODAY = '2021-07-18';

/**
 * Issue #18 item 3: each alert is raised once per deployment however many instances run (two
 * servers on one database race to raise the same alerts), and none is lost across a restart (a
 * levels change committed while no alert processor ran is evaluated at the next start).
 */
describe.each(ENGINES)('alerts across instances and restarts [%s]', (engine) => {
  let store: Awaited<ReturnType<typeof storeWithUnits>>;
  let token = '';
  const open: Array<{ app: FastifyInstance }> = [];
  const extra: Store[] = [];
  let caseNo = 0;

  /** Another connection to the same database, as another process would hold. */
  const secondConnection = async () => {
    const s = await openStore(engine === 'sqlite' ? store.url : `${POSTGRES_URL}?schema=${(store as { schema?: string }).schema}`);
    extra.push(s);
    return s;
  };
  const start = async (s: Store, alerts = true) => {
    const built = await buildApp({ store: s, now: NOW, webRoot: '/nonexistent', ...(alerts ? {} : { alerts: false as const }) });
    open.push(built);
    return built;
  };
  const stop = async (built: { app: FastifyInstance }) => {
    await built.app.close();
    open.splice(open.indexOf(built), 1);
  };
  const post = async (app: FastifyInstance, ward: string, date = TODAY) => {
    const cases = [1, 2].map(() => ({
      id: `IN-${++caseNo}`,
      version: 1,
      confirmedDate: date,
      unit: ward,
      setting: 'community',
      sourceKnown: false,
      cluster: `C-${ward}`,
    }));
    const r = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: cases });
    expect(r.json().accepted, r.body).toBe(2);
  };
  const alertKeys = async () => (await store.db.selectFrom('alerts').select('key').orderBy('key').execute()).map((r) => r.key);

  beforeAll(async () => {
    store = await storeWithUnits(engine);
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    // Earlier data, so every ward has a (green) level the day before.
    const first = await start(store);
    const r = await first.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${token}` },
      payload: [{ id: 'IN-0', version: 1, confirmedDate: '2021-07-01', unit: '27496', setting: 'quarantine', sourceKnown: true }],
    });
    expect(r.json().accepted).toBe(1);
    await first.ctx.risk.idle();
    await first.ctx.alerts!.idle();
    await stop(first);
  }, 120_000);
  afterAll(async () => {
    for (const built of open.splice(0)) await built.app.close();
    for (const s of extra) await s.close();
    await store?.dispose();
  });

  it('raises each alert once when two instances evaluate the same changes', async () => {
    const a = await start(store);
    const b = await start(await secondConnection());
    try {
      await post(a.app, '26740');
      await post(b.app, '27127');
      const settle = async (ctx: AppContext) => {
        await ctx.risk.idle();
        await ctx.alerts!.idle();
      };
      // Both evaluate, at once, whatever the other has not.
      await Promise.all([settle(a.ctx), settle(b.ctx)]);
      await Promise.all([a.ctx.alerts!.idle(), b.ctx.alerts!.idle()]);
      const keys = await alertKeys();
      expect(keys).toEqual(expect.arrayContaining([`level-rose:26740:${TODAY}`, `level-rose:27127:${TODAY}`, `first-unknown-source:26740:${TODAY}`]));
      expect(new Set(keys).size).toBe(keys.length);
      // Announced once each: every instance's stream hears each alert once.
      const announced = await store.db.selectFrom('change_feed').select('payload').where('kind', '=', 'alert').execute();
      expect(announced.map((r) => (JSON.parse(r.payload) as { id: number }).id).sort()).toEqual(
        (await store.db.selectFrom('alerts').select('id').execute()).map((r) => Number(r.id)).sort(),
      );
    } finally {
      await stop(b);
      await stop(a);
    }
  }, 60_000);

  it('evaluates at the next start what was committed while no processor ran', async () => {
    const down = await start(store, false);
    await post(down.app, '26734');
    await down.ctx.risk.idle();
    const levels = await store.db.selectFrom('change_feed').select('id').where('kind', '=', 'levels').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const cursor = await store.db.selectFrom('feed_cursors').select('position').where('name', '=', 'alerts').executeTakeFirstOrThrow();
    expect(Number(cursor.position)).toBeLessThan(Number(levels.id));
    expect(await alertKeys()).not.toContain(`level-rose:26734:${TODAY}`);
    await stop(down);

    const up = await start(store);
    try {
      await up.ctx.alerts!.idle();
      expect(await alertKeys()).toContain(`level-rose:26734:${TODAY}`);
    } finally {
      await stop(up);
    }
  }, 60_000);
});
