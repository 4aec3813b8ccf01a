/**
 * The time slider's logic, with no UI: which dates exist, which one is shown, playing forward.
 * The view only renders `current` and calls these methods, so this is tested without a browser.
 */
export class TimeController {
  private index: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private list: readonly string[];

  constructor(
    dates: readonly string[],
    private readonly onChange: (date: string) => void,
    initial?: string,
  ) {
    this.list = dates;
    const at = initial ? dates.indexOf(initial) : -1;
    this.index = at >= 0 ? at : dates.length - 1;
  }

  get dates(): readonly string[] {
    return this.list;
  }

  /**
   * New dates (data for a new day arrived), showing `current` (default: the date shown now, else
   * the latest) without notifying: whoever changed the dates already has that date's levels.
   */
  setDates(dates: readonly string[], current = this.current): void {
    this.list = dates;
    const at = current ? dates.indexOf(current) : -1;
    this.index = at >= 0 ? at : dates.length - 1;
  }

  get current(): string | undefined {
    return this.dates[this.index];
  }

  get position(): number {
    return this.index;
  }

  get playing(): boolean {
    return this.timer !== null;
  }

  /** Moves to a position (clamped); notifies only when the date changes. */
  seek(position: number): void {
    const next = Math.max(0, Math.min(this.dates.length - 1, Math.round(position)));
    if (next === this.index) return;
    this.index = next;
    this.onChange(this.dates[next]);
  }

  step(delta: number): void {
    this.seek(this.index + delta);
  }

  /** Plays from the current date (or from the start when at the end) to the last date. */
  play(intervalMs = 700): void {
    if (this.timer || this.dates.length < 2) return;
    if (this.index >= this.dates.length - 1) this.seek(0);
    this.timer = setInterval(() => {
      if (this.index >= this.dates.length - 1) this.pause();
      else this.step(1);
    }, intervalMs);
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
