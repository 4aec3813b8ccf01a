/**
 * A shared message bus (Redis) between the server instances of one deployment. It carries no
 * data: the change feed in the database is the one source of live truth, and the bus only wakes
 * followers sooner than their next poll. Messages are JSON-serialisable objects with a `type`.
 */
export interface BusMessage {
  type: string;
  [key: string]: unknown;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface Bus {
  publish(channel: string, message: BusMessage): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(channel: string, handler: BusHandler): Promise<() => void>;
  close(): Promise<void>;
}
