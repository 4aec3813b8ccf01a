import { Redis } from 'ioredis';

import type { Bus, BusHandler, BusMessage } from './bus.ts';

/**
 * Redis pub/sub, for several server instances sharing one database: a change committed through
 * any instance reaches the live clients of all of them. Publishing uses one connection;
 * subscribing needs its own, since a subscribed Redis connection can do nothing else.
 */
export class RedisBus implements Bus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();

  private constructor(url: string) {
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber.on('message', (channel: string, payload: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        void Promise.resolve(handler(JSON.parse(payload) as BusMessage)).catch(() => {});
      }
    });
  }

  /** Connects both connections, so a wrong URL fails at start-up rather than at the first change. */
  static async connect(url: string): Promise<RedisBus> {
    const bus = new RedisBus(url);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    return bus;
  }

  async publish(channel: string, message: BusMessage): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => void> {
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      await this.subscriber.subscribe(channel);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
