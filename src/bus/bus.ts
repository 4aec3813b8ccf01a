/**
 * Fans out change events between the parts of one server, or across server instances when a
 * shared bus (Redis) is configured. Messages are JSON-serialisable objects with a `type`.
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

/** Channels every part agrees on. */
export const CHANNELS = {
  /** Intake committed new data: CubeChanged. */
  cube: 'vx.cube',
  /** The engine changed levels: units and their new levels. */
  levels: 'vx.levels',
  /** Campaign standings changed. */
  standings: 'vx.standings',
} as const;
