/**
 * How many uploads one server reads at once, and how many may wait their turn. Each upload being
 * read holds its file, a reading thread and the sheet's rows, so reading them all at once let ten
 * large workbooks take the server past 2 GB (issue #17). An upload beyond the running ones waits,
 * recorded as a queued job (202); beyond the waiting room too it is refused with 503 and
 * Retry-After, before its file is received: an operator expects a busy server to say "come back"
 * rather than to fall over, and the sender's client retries. Counted per server process: two
 * servers behind a balancer read twice as many.
 */
export interface UploadQueueSize {
  /** Uploads read at once. */
  running: number;
  /** Uploads waiting for a turn, each holding its file in memory (20 MB at most). */
  waiting: number;
}

/** Two at once keep one core for the API on the 2-core machine the budgets are measured on (DESIGN.md §9). */
export const DEFAULT_UPLOAD_QUEUE: UploadQueueSize = { running: 2, waiting: 8 };

/** A place taken in the queue: `turn` resolves when the upload may be read; `release` frees the place, once. */
export interface UploadPlace {
  queued: boolean;
  turn: Promise<void>;
  release(): void;
}

export class UploadQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: UploadQueueSize = DEFAULT_UPLOAD_QUEUE) {}

  /** A place, or null when every running slot and every waiting place is taken. */
  enter(): UploadPlace | null {
    let released = false;
    if (this.running < this.size.running) {
      this.running++;
      const release = () => {
        if (released) return;
        released = true;
        this.leave();
      };
      return { queued: false, turn: Promise.resolve(), release };
    }
    if (this.waiting.length >= this.size.waiting) return null;
    let started = false;
    let wake!: () => void;
    const turn = new Promise<void>((resolve) => (wake = resolve));
    const ready = () => {
      started = true;
      wake();
    };
    this.waiting.push(ready);
    const release = () => {
      if (released) return;
      released = true;
      if (started) this.leave();
      else this.waiting.splice(this.waiting.indexOf(ready), 1);
    };
    return { queued: true, turn, release };
  }

  /** Uploads being read and waiting, for a status line. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private leave(): void {
    const next = this.waiting.shift();
    // The running slot passes straight to the next in line: the count stays, nobody overtakes.
    if (next) next();
    else this.running--;
  }
}

/** The queue's size from the environment (VX_UPLOADS_RUNNING, VX_UPLOADS_WAITING), else the defaults. */
export function uploadQueueSize(env: NodeJS.ProcessEnv = process.env): UploadQueueSize {
  const read = (name: string, fallback: number, least: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < least) throw new Error(`${name} must be a whole number ≥ ${least} (got "${raw}")`);
    return n;
  };
  return { running: read('VX_UPLOADS_RUNNING', DEFAULT_UPLOAD_QUEUE.running, 1), waiting: read('VX_UPLOADS_WAITING', DEFAULT_UPLOAD_QUEUE.waiting, 0) };
}
