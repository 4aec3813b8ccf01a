import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BusMessage, CHANNELS } from '../../src/bus/bus.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { RedisBus } from '../../src/bus/redis-bus.ts';
import { hcmc2021Files, importGeoFiles } from '../../src/files/geo-files.ts';
import { buildApp } from '../../src/server/app.ts';
import { connectSse } from '../support/sse.ts';
import { freshStore } from '../support/stores.ts';

const REDIS_URL = process.env.VX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const received = (bus: { subscribe: RedisBus['subscribe'] }, channel: string) => new Promise<BusMessage>((resolve) => void bus.subscribe(channel, resolve));

describe('bus', () => {
  it('in-process: delivers a copy of each message to every subscriber', async () => {
    const bus = new MemoryBus();
    const a = received(bus, 'c');
    const b = received(bus, 'c');
    await bus.publish('c', { type: 't', n: 1 });
    expect(await a).toEqual({ type: 't', n: 1 });
    expect(await b).toEqual({ type: 't', n: 1 });
  });

  it('Redis: a message published by one instance reaches another', async () => {
    const channel = `vx.test.${process.pid}.${Date.now()}`;
    const [one, two] = await Promise.all([RedisBus.connect(REDIS_URL), RedisBus.connect(REDIS_URL)]);
    try {
      const got = received(two, channel);
      await new Promise((r) => setTimeout(r, 50));
      await one.publish(channel, { type: 'ping', units: ['26740'] });
      expect(await got).toEqual({ type: 'ping', units: ['26740'] });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('SSE stream across two server instances sharing Redis and one database', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  const apps: FastifyInstance[] = [];
  const buses: RedisBus[] = [];
  const urls: string[] = [];
  beforeAll(async () => {
    store = await freshStore('postgresql');
    await importGeoFiles(store.db, hcmc2021Files(), 'test');
    for (let i = 0; i < 2; i++) {
      const bus = await RedisBus.connect(REDIS_URL);
      const { app } = await buildApp({ store, bus, webRoot: '/nonexistent' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      urls.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      apps.push(app);
      buses.push(bus);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const bus of buses) await bus.close();
    await store.dispose();
  });

  it('a levels change published on instance A reaches a browser connected to instance B', async () => {
    const client = await connectSse(`${urls[1]}/api/v1/stream`);
    try {
      await client.next('hello');
      await new Promise((r) => setTimeout(r, 50));
      await buses[0].publish(CHANNELS.levels, { type: 'levels.changed', date: '2021-07-18', levels: { '26740': 2 } });
      const event = await client.next('levels');
      expect(event.data).toEqual({ type: 'levels.changed', date: '2021-07-18', levels: { '26740': 2 } });
    } finally {
      client.close();
    }
  });
});
