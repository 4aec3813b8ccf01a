/**
 * The stream's `levels` event (server: the risk service's LevelsChanged): what a recompute
 * published. Older servers sent only `date` and `levels`; the page then asks for the levels.
 */
export interface LevelsEvent {
  rulebook?: string;
  /** The latest date with data, which `levels` are for. */
  date?: string;
  /** The first date with data: the slider runs from it to `date`. */
  firstDate?: string;
  /** The earliest date on which a level changed. */
  from?: string;
  computedAt?: string;
  /** The level on `date` of each unit published: those that changed, or all when `complete`. */
  levels?: Record<string, number>;
  /** `levels` holds every assessed unit, the whole map of `date`. */
  complete?: boolean;
}
