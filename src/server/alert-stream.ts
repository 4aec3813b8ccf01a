import type { ServerResponse } from 'node:http';

import type { ChangeFeed } from '../app/change-feed.ts';
import { type AlertChange, type MemberScopes, visibleTo } from '../store/alerts-store.ts';
import { readChanges, type StoredChange } from '../store/change-feed-store.ts';
import type { Store } from '../store/database.ts';

/** Further back than this many feed entries, a returning client is told to reload its inbox instead. */
const MAX_SCAN = 20_000;
/** A client that has not taken this much of what was written to it is cut off; it comes back with Last-Event-ID. */
const MAX_BUFFERED = 1024 * 1024;

interface Client {
  res: ServerResponse;
  scopes: MemberScopes;
  cursor: number;
  /** Entries that arrived while its catch-up was read from the database. */
  pending: StoredChange[] | null;
}

/**
 * The signed-in alert stream's fan-out for this instance (`GET /api/v1/alerts/stream`): the
 * change feed's `alert` entries, each sent only to the members whose scope holds its unit (for a
 * role it is meant for). As on the public stream (live-stream.ts), ids are feed positions, the
 * same on every instance, and a client that comes back with Last-Event-ID is sent what it missed.
 * The public stream forwards no `alert` entry.
 */
export class AlertStream {
  private readonly clients = new Set<Client>();
  private readonly stop: () => void;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly store: Store,
  ) {
    this.stop = feed.on('alert', (change) => {
      for (const client of this.clients) this.send(client, change);
    });
  }

  private send(client: Client, change: StoredChange): void {
    if (client.pending) {
      client.pending.push(change);
      return;
    }
    if (change.id <= client.cursor) return;
    client.cursor = change.id;
    const alert = change.payload as AlertChange;
    if (!visibleTo(client.scopes, alert.unitPath, alert.audience)) return;
    const { unitPath: _path, audience: _audience, ...shown } = alert;
    client.res.write(`id: ${change.id}\nevent: alert\ndata: ${JSON.stringify(shown)}\n\n`);
    if (client.res.writableLength > MAX_BUFFERED) client.res.end();
  }

  async add(res: ServerResponse, scopes: MemberScopes, lastEventId: number | null): Promise<() => void> {
    const position = this.feed.position;
    const client: Client = { res, scopes, cursor: lastEventId ?? position, pending: null };
    res.write(`retry: 2000\n: connected\n\n`);
    const hello = JSON.stringify({ at: new Date().toISOString(), position });
    res.write(lastEventId === null ? `id: ${position}\nevent: hello\ndata: ${hello}\n\n` : `event: hello\ndata: ${hello}\n\n`);
    this.clients.add(client);
    const remove = () => this.clients.delete(client);
    if (lastEventId === null || lastEventId >= position) return remove;
    client.pending = [];
    try {
      const missed = await this.missed(lastEventId, position);
      if (missed === null) {
        res.write(`event: resync\ndata: ${JSON.stringify({ from: lastEventId, position })}\n\n`);
        client.cursor = position;
      } else client.pending.unshift(...missed);
    } finally {
      const queued = client.pending;
      client.pending = null;
      for (const change of queued) this.send(client, change);
    }
    return remove;
  }

  /** The `alert` entries in (after, upTo], or null when that is further back than a client is replayed. */
  private async missed(after: number, upTo: number): Promise<StoredChange[] | null> {
    if (upTo - after > MAX_SCAN) return null;
    const out: StoredChange[] = [];
    let cursor = after;
    while (cursor < upTo) {
      const page = await readChanges(this.store.db, cursor, 1000);
      if (page.length === 0) break;
      for (const change of page) if (change.id <= upTo && change.kind === 'alert') out.push(change);
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
