import type { Intake } from '../app/intake/intake.ts';
import type { SimulatedRecord } from '../simulate/records.ts';
import type { Store } from '../store/database.ts';
import { writeDemoState } from '../store/demo-store.ts';
import { feedRecords } from './feed.ts';
import { dueUntil, intakeKey, type ReplayBatch } from './replay-batches.ts';
import type { ReplayClock } from './replay-clock.ts';

export interface ReplayOptions {
  /** Simulated records in reporting order. */
  records: readonly SimulatedRecord[];
  clock: ReplayClock;
  /** The live path: every batch lands on the change feed, so the engine, the map and the standings follow. */
  intake: Intake;
  /** Where the position is kept between starts (optional: the CLI replay into another server's database keeps it too). */
  store: Store;
  /** Keep the position in demo_state for the next start (default true; the CLI replay of a file does not). */
  persist?: boolean;
  /** Real milliseconds between ticks (default 1000). */
  tickMs?: number;
  /**
   * A jump or a stall can make hundreds of batches due at once; each would make the engine
   * recompute. Above `minBatches`, they go through `intake` and `after` recomputes once
   * (the engine skips the feed's entries a full recompute already holds).
   */
  bulk?: {
    intake: Intake;
    /** Before the batches go in (the server stops handing the feed's entries on, so the engine does not recompute batch by batch). */
    before?: () => void;
    after: () => Promise<void>;
    minBatches: number;
    /**
     * Instants a jump must stop at on its way (the campaigns' daily cuts): it feeds up to each,
     * with the clock stopped there, and runs `after` (recompute, freeze the cut), so what was
     * "published then" is what a replay that had not jumped would have published.
     */
    checkpoints?: readonly Date[];
  };
  /** Told about every batch fed (tests check order and keys). */
  onBatch?: (batch: ReplayBatch) => void;
  log?: (line: string) => void;
}

export type ReplayState = 'running' | 'paused' | 'finished';

export interface ReplayStatus {
  state: ReplayState;
  /** The simulated instant (ISO 8601 UTC). */
  at: string;
  speed: number;
  /** Every record reported at or before this instant has been fed. */
  fedThrough: string;
  /** Records fed so far, and still to come. */
  fed: number;
  remaining: number;
  /** reportedAt of the next record, null when all are fed. */
  next: string | null;
  /** reportedAt of the last record. */
  end: string | null;
}

/** A jump backwards: what was fed cannot be taken back (start again with --fresh). */
export class ReplayRewindError extends Error {}

/**
 * Feeds simulated records through intake in simulated time: each tick feeds the records whose
 * reportedAt has passed on the replay clock, then remembers the position. Ticks run one at a
 * time; pause, resume and jump wait for the tick in flight.
 */
export class Replay {
  private cursor: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private finished = false;
  /** Every record reported at or before this simulated instant has been fed: the position kept between starts. */
  private fedThrough: string;

  constructor(
    private readonly options: ReplayOptions,
    position?: string,
  ) {
    // Everything reported at or before a remembered position was fed by an earlier run.
    this.cursor = position ? dueUntil(options.records, 0, position) : 0;
    this.fedThrough = position ?? new Date(0).toISOString();
    this.finished = this.cursor >= options.records.length;
  }

  /** Starts ticking; `run` also starts the clock (false: it stays as it is, e.g. paused by an admin before a restart). */
  start(run = true): void {
    if (run && !this.finished) this.options.clock.resume();
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.tick().catch((error) => this.log(`replay: ${error instanceof Error ? error.stack : String(error)}`)),
      this.options.tickMs ?? 1000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => {});
    await this.persist();
  }

  status(): ReplayStatus {
    const records = this.options.records;
    const clock = this.options.clock;
    return {
      state: this.finished ? 'finished' : clock.running ? 'running' : 'paused',
      at: clock.now().toISOString(),
      speed: clock.speed,
      fedThrough: this.fedThrough,
      fed: this.cursor,
      remaining: records.length - this.cursor,
      next: records[this.cursor]?.reportedAt ?? null,
      end: records[records.length - 1]?.reportedAt ?? null,
    };
  }

  /** Feeds what is due now. One at a time: a tick that finds another in flight waits for it. */
  tick(): Promise<number> {
    const next = this.running.catch(() => {}).then(() => this.feedDue());
    this.running = next;
    return next;
  }

  async pause(actor?: string): Promise<ReplayStatus> {
    await this.serially(async () => {
      this.options.clock.pause();
      // Feed up to the instant it stopped at, so the kept position is exact.
      await this.feedDue(actor ? { actor, action: 'demo.replay.pause' } : undefined);
    });
    return this.status();
  }

  async resume(actor?: string): Promise<ReplayStatus> {
    await this.serially(async () => {
      if (!this.finished) this.options.clock.resume();
      await this.persist(actor ? { actor, action: 'demo.replay.resume' } : undefined);
    });
    return this.status();
  }

  async setSpeed(speed: number, actor?: string): Promise<ReplayStatus> {
    await this.serially(async () => {
      await this.feedDue();
      this.options.clock.setSpeed(speed);
      await this.persist(actor ? { actor, action: 'demo.replay.speed' } : undefined);
    });
    return this.status();
  }

  /** Moves the clock forward to `to` and feeds everything reported until then. */
  async jump(to: Date, actor?: string): Promise<ReplayStatus> {
    await this.serially(async () => {
      const now = this.options.clock.now();
      if (to.getTime() < now.getTime()) {
        throw new ReplayRewindError(
          `Không thể lùi thời gian mô phỏng về ${to.toISOString()} (đang ở ${now.toISOString()}): số liệu đã nhập không rút lại được; khởi động lại với --fresh / ` +
            `cannot jump back to ${to.toISOString()} (now ${now.toISOString()}): fed records cannot be taken back; restart with --fresh`,
        );
      }
      const clock = this.options.clock;
      const wasRunning = clock.running;
      clock.pause();
      for (const stop of this.options.bulk?.checkpoints ?? []) {
        if (stop.getTime() <= now.getTime() || stop.getTime() >= to.getTime()) continue;
        clock.jump(stop);
        await this.feedDue(undefined, true);
      }
      clock.jump(to);
      await this.feedDue(actor ? { actor, action: 'demo.replay.jump' } : undefined);
      if (wasRunning && !this.finished) clock.resume();
    });
    return this.status();
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.running.catch(() => {}).then(work);
    this.running = next;
    return next;
  }

  /** Feeds what is due on the clock; `checkpoint`: always through the bulk path, so its `after` runs at this instant. */
  private async feedDue(audited?: { actor: string; action: string }, checkpoint = false): Promise<number> {
    const { records, clock } = this.options;
    const at = clock.now().toISOString();
    const until = dueUntil(records, this.cursor, at);
    const due = records.slice(this.cursor, until);
    if (due.length > 0) {
      const bulk = this.options.bulk;
      // Count batches cheaply: only when there may be many is the bulk path worth it.
      const useBulk = bulk !== undefined && (checkpoint || (due.length > 2_000 && countBatches(due) > bulk.minBatches));
      if (useBulk) bulk.before?.();
      const summary = await feedRecords(useBulk ? bulk.intake : this.options.intake, due, this.options.onBatch);
      if (summary.rejected > 0) this.log(`replay: ${summary.rejected} simulated records rejected by intake (see the rejects table)`);
      this.cursor = until;
      if (at > this.fedThrough) this.fedThrough = at;
      if (useBulk) await bulk.after();
    } else {
      if (at > this.fedThrough) this.fedThrough = at;
      if (checkpoint && this.options.bulk) await this.options.bulk.after();
    }
    if (this.cursor >= records.length && !this.finished) {
      this.finished = true;
      clock.pause();
      this.log(`replay: all ${records.length} simulated records fed; the clock stops at ${clock.now().toISOString()}`);
    }
    await this.persist(audited);
    return due.length;
  }

  private async persist(audited?: { actor: string; action: string }): Promise<void> {
    if (this.options.persist === false) return;
    const clock = this.options.clock;
    await writeDemoState(
      this.options.store.db,
      { position: this.fedThrough, speed: clock.speed, paused: !clock.running && !this.finished },
      audited ? { ...audited, channel: 'api' } : undefined,
    );
  }

  private log(line: string): void {
    (this.options.log ?? console.error)(line);
  }
}

function countBatches(records: readonly SimulatedRecord[]): number {
  let batches = 1;
  let keys = new Set<string>();
  for (const r of records) {
    const key = intakeKey(r);
    if (keys.has(key)) {
      batches++;
      keys = new Set();
    }
    keys.add(key);
  }
  return batches;
}
