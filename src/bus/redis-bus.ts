import { Redis } from 'ioredis';

import type { Bus, BusHandler, BusMessage } from './bus.ts';

/**
 * Reconnection without end (every 50 ms more per attempt, at most every second), and a command
 * sent while Redis is away waits for at most one reconnection before it fails: a wake-up that
 * is late is worth nothing, and nobody waits on it (the caller ignores its failure).
 */
const RESILIENT = {
  retryStrategy: (attempt: number) => Math.min(attempt * 50, 1000),
  maxRetriesPerRequest: 1,
};

/**
 * Redis pub/sub, for several server instances sharing one database: a change committed through
 * any instance reaches the live clients of all of them. Publishing uses one connection;
 * subscribing needs its own, since a subscribed Redis connection can do nothing else.
 */
export class RedisBus implements Bus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /** Whether the loss of Redis has been logged since it was last reachable: one line per outage, not one per retry. */
  private away = false;

  private constructor(url: string) {
    this.publisher = new Redis(url, { lazyConnect: true, ...RESILIENT });
    this.subscriber = new Redis(url, { lazyConnect: true, ...RESILIENT });
    // Redis only wakes followers sooner (each polls the database too), so losing it is logged,
    // never thrown: without a listener ioredis reports every failed reconnection as an
    // unhandled error event. Both connections reconnect by themselves, and the subscriber
    // subscribes again to its channels (ioredis's autoResubscribe).
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => {
        if (this.away) return;
        this.away = true;
        console.error(`redis bus: connection lost (${error.message}); reconnecting, the database feed goes on meanwhile`);
      });
      connection.on('ready', () => {
        if (!this.away) return;
        this.away = false;
        console.error('redis bus: reconnected');
      });
    }
    this.subscriber.on('message', (channel: string, payload: string) => {
      let message: BusMessage;
      try {
        message = JSON.parse(payload) as BusMessage;
      } catch {
        return; // not one of ours: a listener's exception would end the process
      }
      for (const handler of this.handlers.get(channel) ?? []) {
        void Promise.resolve()
          .then(() => handler(message))
          .catch(() => {});
      }
    });
  }

  /** Connects both connections, so a wrong URL fails at start-up rather than at the first change. */
  static async connect(url: string): Promise<RedisBus> {
    const bus = new RedisBus(url);
    try {
      await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    } catch (error) {
      // Not reachable at start: fail now, and leave no connection retrying in the background.
      await bus.close();
      throw error;
    }
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
