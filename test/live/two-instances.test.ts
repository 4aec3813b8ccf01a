import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { watchDays } from '../../src/app/day-rollover.ts';
import type { BusMessage } from '../../src/bus/bus.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createToken } from '../../src/store/accounts-store.ts';
import { readChanges } from '../../src/store/change-feed-store.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { connectSse, type SseClient } from '../support/sse.ts';
import { freshStore, POSTGRES_URL } from '../support/stores.ts';

const REDIS_URL = process.env.VX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FORWARDED = new Set(['levels', 'standings', 'day']);

describe('Redis bus', () => {
  it('a message published by one connection reaches another', async () => {
    const channel = `vx.test.${process.pid}.${Date.now()}`;
    const [one, two] = await Promise.all([RedisBus.connect(REDIS_URL), RedisBus.connect(REDIS_URL)]);
    try {
      const got = new Promise<BusMessage>((resolve) => void two.subscribe(channel, resolve));
      await new Promise((r) => setTimeout(r, 50));
      await one.publish(channel, { type: 'ping' });
      expect(await got).toEqual({ type: 'ping' });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

interface Instance {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  bus: RedisBus;
  stopDays: () => Promise<void>;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ids = (client: SseClient, kinds = FORWARDED) => client.events.filter((e) => kinds.has(e.event)).map((e) => e.id!);

describe('two instances on PostgreSQL + Redis, and a third deployment on the same Redis', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let other: Awaited<ReturnType<typeof freshStore>>;
  const instances: Instance[] = [];
  let stranger: Instance;
  let secondConnection: Store;
  let token = '';
  // Every instance lives on one clock the test moves: a new day is a change of its own.
  let clock = new Date('2021-07-20T03:00:00Z');
  const now = () => clock;

  async function start(s: Store): Promise<Instance> {
    const bus = await RedisBus.connect(REDIS_URL);
    // Polling made slow, so the wake-ups (NOTIFY, Redis) are what the test sees working.
    const { app, ctx } = await buildApp({ store: s, bus, webRoot: '/nonexistent', now, feedPollMs: 5_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { app, ctx, url, bus, stopDays: watchDays(ctx, { checkMs: 25 }) };
  }

  beforeAll(async () => {
    [store, other] = await Promise.all([freshStore('postgresql'), freshStore('postgresql')]);
    await Promise.all([importGeoFiles(store.db, hcmc2021Files(), 'test'), importGeoFiles(other.db, hcmc2021Files(), 'test')]);
    token = (await createToken(store.db, { label: 'cdc', role: 'data_officer', scope: '79' }, 'test')).token;
    // Each instance on connections of its own, as separate processes would be: the second one
    // hears of the first one's writes only through the database (NOTIFY) and Redis.
    secondConnection = await openStore(`${POSTGRES_URL}?schema=${(store as { schema?: string }).schema}`);
    instances.push(await start(store), await start(secondConnection));
    stranger = await start(other);
  }, 60_000);
  afterAll(async () => {
    for (const i of [...instances, stranger]) {
      await i.stopDays();
      await i.app.close();
      await i.bus.close();
    }
    await secondConnection.close();
    await store.dispose();
    await other.dispose();
  });

  /** A data officer's write through one instance: a community count in a ward on a date. */
  async function write(through: Instance, unit: string, date: string, count: number): Promise<void> {
    const response = await fetch(`${through.url}/api/v1/counts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ unit, date, setting: 'community', sourceKnown: false, count }]),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  /** The feed's forwarded entries after a position, as the database holds them. */
  async function forwardedAfter(position: number): Promise<number[]> {
    return (await readChanges(store.db, position, 10_000)).filter((c) => FORWARDED.has(c.kind)).map((c) => c.id);
  }

  it('a client on each instance gets every change once, and both end at the same state and the same last id', async () => {
    const clients = [await connectSse(`${instances[0].url}/api/v1/stream`), await connectSse(`${instances[1].url}/api/v1/stream`)];
    const strangerClient = await connectSse(`${stranger.url}/api/v1/stream`);
    try {
      const hellos = await Promise.all(clients.map((c) => c.next('hello')));
      const start = Math.min(...hellos.map((h) => h.id!));
      const wards = ['26734', '26737', '26740', '26743', '26746', '26749'];
      for (const [i, ward] of wards.entries()) await write(instances[i % 2], ward, `2021-07-${10 + i}`, 3);
      const expected = await until('the levels of every write', async () => {
        const forwarded = await forwardedAfter(start);
        const levels = (await readChanges(store.db, start, 10_000)).filter((c) => c.kind === 'levels');
        const covered = new Set(levels.flatMap((c) => Object.keys((c.payload as { levels: object }).levels)));
        return wards.every((w) => covered.has(w)) ? forwarded : undefined;
      });
      for (const client of clients) {
        await until('the last event on each client', () => ids(client).at(-1) === expected.at(-1) || undefined);
        // Each change once: the ids a client got are the feed's own, none twice.
        expect(ids(client)).toEqual(expected);
      }
      // One publication per change, not one per instance: at most one levels entry per write.
      const levelsEntries = (await readChanges(store.db, start, 10_000)).filter((c) => c.kind === 'levels');
      expect(levelsEntries.length).toBeLessThanOrEqual(wards.length);
      // Both instances answer the same levels.
      const [a, b] = await Promise.all(instances.map(async (i) => (await fetch(`${i.url}/api/v1/levels?kind=ward`)).json()));
      expect(a.levels).toEqual(b.levels);
      // Another deployment on the same Redis heard nothing of this one.
      // (Its own day's start is its own; no levels were written to it.)
      expect(strangerClient.events.filter((e) => e.event === 'levels' || e.event === 'standings')).toEqual([]);
    } finally {
      for (const c of [...clients, strangerClient]) c.close();
    }
  });

  it('a client that reconnects to the other instance with Last-Event-ID misses nothing', async () => {
    const first = await connectSse(`${instances[0].url}/api/v1/stream`);
    const hello = await first.next('hello');
    await write(instances[0], '26752', '2021-07-12', 2);
    await first.next('levels');
    const lastSeen = ids(first).at(-1)!;
    first.close();
    // While it is away, changes go on through both instances.
    await write(instances[1], '26755', '2021-07-13', 2);
    await write(instances[0], '26758', '2021-07-14', 2);
    // Publications may coalesce the two writes: wait until the feed's levels name both wards.
    const away = await until('the changes made while away', async () => {
      const levels = (await readChanges(store.db, lastSeen, 10_000)).filter((c) => c.kind === 'levels');
      const named = new Set(levels.flatMap((c) => Object.keys((c.payload as { levels: object }).levels)));
      return named.has('26755') && named.has('26758') ? await forwardedAfter(lastSeen) : undefined;
    });
    const back = await connectSse(`${instances[1].url}/api/v1/stream`, { lastEventId: lastSeen });
    try {
      await until('the missed events', () => ids(back).at(-1) === away.at(-1) || undefined);
      expect(ids(back)).toEqual(away);
      expect(hello.id).toBeLessThan(lastSeen);
    } finally {
      back.close();
    }
  });

  it('a day rollover produces one event per client, not one per instance', async () => {
    const clients = [await connectSse(`${instances[0].url}/api/v1/stream`), await connectSse(`${instances[1].url}/api/v1/stream`)];
    try {
      await Promise.all(clients.map((c) => c.next('hello')));
      clock = new Date('2021-07-21T03:00:00Z');
      for (const client of clients) expect((await client.next('day', 5000)).data).toEqual({ type: 'day.started', date: '2021-07-21' });
      // Give a second instance's watcher time to (wrongly) announce it again.
      await new Promise((r) => setTimeout(r, 300));
      for (const client of clients) expect(client.events.filter((e) => e.event === 'day')).toHaveLength(1);
      expect((await readChanges(store.db, 0, 10_000)).filter((c) => c.kind === 'day').map((c) => (c.payload as { date: string }).date)).toEqual([
        '2021-07-20',
        '2021-07-21',
      ]);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
