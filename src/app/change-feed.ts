import type { Bus } from '../bus/bus.ts';
import { deploymentId, FEED_CHANNEL, feedPosition, readChanges, type StoredChange } from '../store/change-feed-store.ts';
import type { Store } from '../store/database.ts';
import { onCommitted } from '../store/write-transaction.ts';

export type ChangeHandler = (change: StoredChange) => void | Promise<void>;

export interface ChangeFeedOptions {
  store: Store;
  /** A shared bus (Redis) that only wakes followers sooner; the database stays the source. */
  bus?: Bus | null;
  /**
   * How often the database is asked for new entries even without a wake-up: SQLite has no
   * notification across processes (a CLI import, another server on the file), so it is watched
   * closely; on PostgreSQL NOTIFY wakes followers and this only covers a lost listener.
   */
  pollMs?: number;
}

/** Entries read from the database per query while catching up. */
const PAGE = 500;

/**
 * This process's view of the change feed, the one source of live truth (issue 14): every
 * committed write — intake, geography, campaigns, analyst inputs, publications, cuts, the day's
 * rollover — appended an entry in its own transaction, and this follower hands each entry, in
 * feed order and once, to the handlers of its kind, whichever process wrote it. Writes in this
 * process wake it at once; PostgreSQL's NOTIFY, a Redis message or polling wake it for others'.
 *
 * It starts paused at the feed's current position, so that the services built on it can read
 * their state (which holds every entry up to there) and subscribe before anything is handed on;
 * `follow()` starts it.
 */
export class ChangeFeed {
  private readonly handlers = new Map<string, Set<ChangeHandler>>();
  private readonly stops: Array<() => void | Promise<void>> = [];
  private reading: Promise<void> | null = null;
  private again = false;
  private following = false;
  private paused = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  /** The database did not answer the last read: said once, not at every poll. */
  private failing = false;

  private constructor(
    private readonly store: Store,
    /** The database's identity: names this deployment's channel on a shared bus. */
    readonly deployment: string,
    /** The last entry handed to the handlers (or, before `follow()`, the position the services start from). */
    public position: number,
    private readonly options: ChangeFeedOptions,
  ) {}

  static async open(options: ChangeFeedOptions): Promise<ChangeFeed> {
    const { store } = options;
    const [deployment, position] = await Promise.all([deploymentId(store.db), feedPosition(store.db)]);
    return new ChangeFeed(store, deployment, position, options);
  }

  /** The channel that wakes this deployment's followers on a shared bus. */
  get wakeChannel(): string {
    return `vx:${this.deployment}:feed`;
  }

  /** Handles entries of a kind (`*`: every entry); returns a function that stops it. */
  on(kind: string, handler: ChangeHandler): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Starts handing on entries after `position`, and listening for wake-ups. */
  async follow(): Promise<void> {
    if (this.following) return;
    this.following = true;
    const { store, bus } = this.options;
    this.stops.push(
      onCommitted(store.db, () => {
        this.wake();
        // Other instances on a shared bus hear of it at once rather than at their next poll.
        void bus?.publish(this.wakeChannel, { type: 'feed.wake' }).catch(() => {});
      }),
    );
    if (store.listen) {
      const stop = await store.listen(FEED_CHANNEL, (payload) => payload === this.deployment && this.wake());
      this.stops.push(stop);
    }
    if (bus) this.stops.push(await bus.subscribe(this.wakeChannel, () => this.wake()));
    const pollMs = this.options.pollMs ?? (store.engine === 'sqlite' ? 100 : 1000);
    this.timer = setInterval(() => this.wake(), pollMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Stops handing entries on until `resume()`: a bulk load pauses it, recomputes once from the
   * cube, then resumes, and the engine skips the entries its recompute already holds instead of
   * recomputing batch by batch.
   */
  pause(): void {
    this.paused = true;
  }

  /** Whether a bulk load has paused it: what it would hand on is not applied yet. */
  get isPaused(): boolean {
    return this.paused;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** Reads what was committed since the last read, soon. */
  wake(): void {
    if (!this.following || this.closed || this.paused) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain().finally(() => (this.reading = null));
  }

  /**
   * Resolves once every entry committed before the call has been handed to its handlers: a
   * writer in this process calls it to see its own write's effects (a recompute queued by them).
   */
  async catchUp(): Promise<void> {
    if (!this.following || this.paused) return;
    // A read already running may have begun before the caller's commit: wait for it, then read again.
    while (this.reading) {
      this.again = true;
      await this.reading;
    }
    this.reading = this.drain().finally(() => (this.reading = null));
    await this.reading;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const stop of this.stops.splice(0)) await stop();
    await this.reading;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      let page: StoredChange[];
      do {
        try {
          page = await readChanges(this.store.db, this.position, PAGE);
        } catch (error) {
          // The database is away (restarting): the next wake-up or poll tries again.
          if (!this.closed && !this.failing) console.error('change feed: reading failed; retrying', (error as Error).message);
          this.failing = true;
          return;
        }
        if (this.failing) console.error('change feed: reading again');
        this.failing = false;
        for (const change of page) {
          if (this.closed || this.paused) return;
          await this.hand(change);
          this.position = change.id;
        }
      } while (page.length === PAGE);
    } while (this.again && !this.closed);
  }

  private async hand(change: StoredChange): Promise<void> {
    for (const kind of [change.kind, '*']) {
      for (const handler of this.handlers.get(kind) ?? []) {
        try {
          await handler(change);
        } catch (error) {
          console.error(`change feed: a handler of ${change.kind} #${change.id} failed`, error);
        }
      }
    }
  }
}
