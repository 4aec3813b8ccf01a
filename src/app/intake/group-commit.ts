import { setImmediate } from 'node:timers/promises';

import type { ChainOf } from '../../core/cases/cube-delta.ts';
import type { Store } from '../../store/database.ts';
import type { BatchOutcome, BatchPart } from '../../store/intake/batch.ts';
import { commitBatches } from '../../store/intake/commit-batches.ts';

type Job =
  | { shape: 'part'; part: BatchPart; resolve: (o: BatchOutcome) => void; reject: (e: unknown) => void }
  | { shape: 'stream'; parts: Iterable<BatchPart> | AsyncIterable<BatchPart>; resolve: (o: BatchOutcome) => void; reject: (e: unknown) => void };

/**
 * The one writer of an intake: batches that arrive while a transaction is being written wait,
 * then go together in the next transaction (group commit). Under load, two feeders sending
 * batches of 1,000 share commits and the cube cells their batches have in common (the city,
 * the districts), instead of each paying for its own; a lone batch is written at once.
 *
 * A batch read in parts (a file) is written alone, in its own transaction.
 */
export class GroupCommit {
  private readonly waiting: Job[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly chainOf: ChainOf,
    /** The intake's clock: each transaction's rows keep the instant it began as when they arrived. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Writes one batch, together with any that wait beside it. */
  submit(part: BatchPart): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => this.push({ shape: 'part', part, resolve, reject }));
  }

  /** Writes one batch whose parts arrive over time, in a transaction of its own. */
  stream(parts: Iterable<BatchPart> | AsyncIterable<BatchPart>): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => this.push({ shape: 'stream', parts, resolve, reject }));
  }

  private push(job: Job): void {
    this.waiting.push(job);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        // One turn of the event loop first: requests that arrived while the last commit held the
        // thread (SQLite commits synchronously, and with synchronous = FULL each one waits for the
        // disk) are read and join this transaction, instead of each paying a commit of its own.
        await setImmediate();
        const first = this.waiting[0];
        if (first.shape === 'stream') {
          this.waiting.shift();
          await this.write([first], first.parts);
          continue;
        }
        // Every single batch waiting up to the next stream goes in this transaction.
        let n = 0;
        while (n < this.waiting.length && this.waiting[n].shape === 'part') n++;
        const group = this.waiting.splice(0, n) as Array<Extract<Job, { shape: 'part' }>>;
        const ok = await this.write(
          group,
          group.map((j) => j.part),
          group.length > 1,
        );
        // A group that failed is retried batch by batch, so one batch's failure is its own. A lone
        // batch has had its answer (the error): written again now, it would land with the sender
        // told it failed.
        if (!ok && group.length > 1) for (const job of group) await this.write([job], [job.part]);
      }
    } finally {
      this.running = false;
    }
  }

  /** One transaction; settles the jobs unless it failed and `retry` says they get another try. */
  private async write(jobs: Job[], parts: Iterable<BatchPart> | AsyncIterable<BatchPart>, retry = false): Promise<boolean> {
    try {
      const outcomes = await commitBatches(this.store, parts, this.chainOf, this.now());
      // A stream that brought no rows had no batch to write.
      jobs.forEach((job, i) => job.resolve(outcomes[i] ?? { batch: '', accepted: 0, unchanged: 0, rejected: [], touched: null }));
      return true;
    } catch (error) {
      if (!retry) for (const job of jobs) job.reject(error);
      return false;
    }
  }
}
