import type { Bus, BusHandler, BusMessage } from './bus.ts';

/** The default bus for one server process: handlers run after the publisher's turn, in order. */
export class MemoryBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  async publish(channel: string, message: BusMessage): Promise<void> {
    // Copy so a handler cannot change what another one sees; JSON round-trip as a real bus would.
    const payload = JSON.stringify(message);
    for (const handler of this.handlers.get(channel) ?? []) {
      queueMicrotask(() => void Promise.resolve(handler(JSON.parse(payload) as BusMessage)).catch(() => {}));
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => void> {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
