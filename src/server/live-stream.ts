import type { ServerResponse } from 'node:http';

import type { ChangeFeed } from '../app/change-feed.ts';
import { bulletinEventOf } from '../core/bulletin/bulletin-event.ts';
import { readChanges, type StoredChange } from '../store/change-feed-store.ts';
import type { Store } from '../store/database.ts';

/** Feed kinds sent to browsers, under the SSE event name the web app listens for. */
const FORWARDED: Readonly<Record<string, string>> = { levels: 'levels', standings: 'standings', day: 'day' };
/** Frames kept in memory for clients that come back (Last-Event-ID) soon after they left (a complete levels event is ~10 KB). */
const RING = 1024;
/** Further back than this many forwarded entries, a returning client is told to reload instead. */
const MAX_REPLAY = 20_000;
/** A client that has not taken this much of what was written to it is cut off; it comes back with Last-Event-ID. */
const MAX_BUFFERED = 8 * 1024 * 1024;

interface Frame {
  id: number;
  text: string;
}

interface Client {
  res: ServerResponse;
  /** The last feed position this client has been sent (or had when it came back). */
  cursor: number;
  /** Frames that arrived while its catch-up was read from the database. */
  pending: Frame[] | null;
}

/**
 * One entry's bytes. New levels and standings also change the bulletins of their dates: a
 * `bulletin` event follows in the same frame, without an id of its own (a browser keeps the
 * entry's as its last event id), so it is replayed with the entry to a client that comes back.
 */
function frame(change: StoredChange, event: string): Frame {
  const bulletin = bulletinEventOf(change.kind, change.payload);
  const text = `id: ${change.id}\nevent: ${event}\ndata: ${JSON.stringify(change.payload)}\n\n`;
  return { id: change.id, text: bulletin ? `${text}event: bulletin\ndata: ${JSON.stringify(bulletin)}\n\n` : text };
}

/**
 * The live stream's fan-out for this instance. Events are the change feed's entries, so their
 * SSE ids are feed positions — the same on every instance: a client hears each change once, and
 * one that comes back (to this instance or another) with `Last-Event-ID: N` is sent every
 * forwarded entry after N, from memory when recent, else from the database. Each event is
 * serialised once and the same bytes written to every client.
 */
export class LiveStream {
  private readonly clients = new Set<Client>();
  private readonly ring: Frame[] = [];
  /** From this feed position on, the ring holds every forwarded entry. */
  private ringFrom: number;
  private readonly stop: () => void;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly store: Store,
  ) {
    this.ringFrom = feed.position;
    this.stop = feed.on('*', (change) => this.receive(change));
  }

  get size(): number {
    return this.clients.size;
  }

  private receive(change: StoredChange): void {
    const event = FORWARDED[change.kind];
    if (!event) return;
    const f = frame(change, event);
    this.ring.push(f);
    if (this.ring.length > RING) this.ringFrom = this.ring.shift()!.id;
    for (const client of this.clients) this.send(client, f);
  }

  private send(client: Client, f: Frame): void {
    if (client.pending) {
      client.pending.push(f);
      return;
    }
    if (f.id <= client.cursor) return;
    client.cursor = f.id;
    client.res.write(f.text);
    if (client.res.writableLength > MAX_BUFFERED) client.res.end();
  }

  /**
   * Adds a client. Without `lastEventId` it starts at the feed's position now (its `hello` carries
   * that id, so a reconnection resumes from there); with one, it is first sent what it missed.
   */
  async add(res: ServerResponse, lastEventId: number | null): Promise<() => void> {
    const position = this.feed.position;
    const client: Client = { res, cursor: lastEventId ?? position, pending: null };
    const hello = JSON.stringify({ at: new Date().toISOString(), position });
    // Browsers reconnect by themselves; tell them to retry quickly after a server restart.
    res.write(`retry: 2000\n: connected\n\n`);
    if (lastEventId === null) res.write(`id: ${position}\nevent: hello\ndata: ${hello}\n\n`);
    else res.write(`event: hello\ndata: ${hello}\n\n`);
    this.clients.add(client);
    const remove = () => this.clients.delete(client);
    // Ahead of this instance (it came from one further along): only what is newer goes to it.
    if (lastEventId === null || lastEventId >= position) return remove;
    if (lastEventId >= this.ringFrom) {
      for (const f of this.ring) this.send(client, f);
      return remove;
    }
    client.pending = [];
    try {
      const missed = await this.missed(lastEventId, position);
      client.pending.unshift(...(missed ?? []));
      if (missed === null) {
        // Too far behind to replay: the page reloads the state instead.
        res.write(`event: resync\ndata: ${JSON.stringify({ from: lastEventId, position })}\n\n`);
        client.cursor = position;
      }
    } finally {
      const queued = client.pending;
      client.pending = null;
      for (const f of queued) this.send(client, f);
    }
    return remove;
  }

  /** The forwarded entries in (after, upTo], or null when there are more than a client is replayed. */
  private async missed(after: number, upTo: number): Promise<Frame[] | null> {
    const out: Frame[] = [];
    let cursor = after;
    while (cursor < upTo) {
      const page = await readChanges(this.store.db, cursor, 1000);
      if (page.length === 0) break;
      for (const change of page) {
        if (change.id > upTo) return out;
        const event = FORWARDED[change.kind];
        if (event) out.push(frame(change, event));
        if (out.length > MAX_REPLAY) return null;
      }
      cursor = page[page.length - 1].id;
    }
    return out;
  }

  close(): void {
    this.stop();
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }
}
