import { type Static, Type } from '@sinclair/typebox';

import { DateString, RulebookId } from './shared.ts';

/**
 * The live stream's `levels` event (`GET /api/v1/stream`): what one recompute published. The
 * risk service announces it on the bus, the stream forwards it as is, and the map applies it
 * without asking for the levels again.
 */
export const LevelsEventSchema = Type.Object({
  type: Type.Literal('levels.changed'),
  rulebook: RulebookId,
  /** The date the levels are for: the latest date with data. */
  date: DateString,
  /** The first date with data: with `date`, the dates a reader can choose from now. */
  firstDate: DateString,
  /** Earliest date on which something changed. */
  from: DateString,
  computedAt: Type.String({ format: 'date-time' }),
  /** The level on `date` of every unit published (changed, or every assessed unit when `complete`). */
  levels: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  /**
   * Whether `levels` holds every assessed unit (a rebuild, or a day that just became the latest)
   * rather than only those that changed: a reader can then take it as the whole map of `date`.
   */
  complete: Type.Boolean(),
});
export type LevelsEvent = Static<typeof LevelsEventSchema>;
