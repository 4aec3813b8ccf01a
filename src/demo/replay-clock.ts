/**
 * The demo's simulated clock: simulated instant = anchor + real time elapsed since the anchor ×
 * speed, while it runs; frozen while paused. Every change re-anchors, so pausing, resuming,
 * jumping and changing speed never make simulated time go backwards on their own. Pure: the real
 * clock is injected (tests drive it by hand).
 */
export interface ReplayClockState {
  /** Simulated instant, ISO 8601 UTC. */
  at: string;
  /** Simulated milliseconds per real millisecond (3600: one simulated hour per real second). */
  speed: number;
  running: boolean;
}

export const MAX_SPEED = 86_400 * 7;

export class ReplayClock {
  private simAnchor: number;
  private realAnchor: number;
  private rate: number;
  private isRunning: boolean;

  constructor(
    start: Date,
    speed: number,
    running = false,
    private readonly real: () => number = Date.now,
  ) {
    checkSpeed(speed);
    this.simAnchor = start.getTime();
    this.realAnchor = real();
    this.rate = speed;
    this.isRunning = running;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  get speed(): number {
    return this.rate;
  }

  get running(): boolean {
    return this.isRunning;
  }

  pause(): void {
    this.reanchor();
    this.isRunning = false;
  }

  resume(): void {
    this.reanchor();
    this.isRunning = true;
  }

  /** Sets the simulated instant (running or not, as before). */
  jump(to: Date): void {
    this.simAnchor = to.getTime();
    this.realAnchor = this.real();
  }

  setSpeed(speed: number): void {
    checkSpeed(speed);
    this.reanchor();
    this.rate = speed;
  }

  state(): ReplayClockState {
    return { at: this.now().toISOString(), speed: this.rate, running: this.isRunning };
  }

  private nowMs(): number {
    return this.isRunning ? this.simAnchor + Math.floor((this.real() - this.realAnchor) * this.rate) : this.simAnchor;
  }

  private reanchor(): void {
    this.simAnchor = this.nowMs();
    this.realAnchor = this.real();
  }
}

function checkSpeed(speed: number): void {
  if (!(Number.isFinite(speed) && speed > 0 && speed <= MAX_SPEED)) throw new RangeError(`speed must be a number above 0 and at most ${MAX_SPEED}: ${speed}`);
}
