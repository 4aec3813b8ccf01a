import { type Static, Type } from '@sinclair/typebox';

import { ref } from './shared.ts';

/** The demo: whether the data is simulated, and the replay's state and controls. */

export const ReplayStatusSchema = Type.Object(
  {
    state: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('finished')]),
    at: Type.String({ description: 'the simulated instant (ISO 8601 UTC)' }),
    speed: Type.Number({ description: 'simulated seconds per real second' }),
    fedThrough: Type.String({ description: 'every record reported up to this simulated instant has been fed' }),
    fed: Type.Integer(),
    remaining: Type.Integer(),
    next: Type.Union([Type.String(), Type.Null()]),
    end: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'ReplayStatus' },
);
export type ReplayStatus = Static<typeof ReplayStatusSchema>;

export const StatusSchema = Type.Object({
  simulated: Type.Boolean({ description: 'the database holds simulated (demo) data: show the notice' }),
  notice: Type.Union([Type.Object({ vi: Type.String(), en: Type.String() }), Type.Null()]),
  simulatedNeighbourhoods: Type.Boolean({
    description:
      'the khu phố and ấp are the demo’s generated list (names, counts, population, boundaries), not one the city sent: show that notice beside them',
  }),
  replay: Type.Union([ref(ReplayStatusSchema), Type.Null()]),
});
export type Status = Static<typeof StatusSchema>;

export const ReplayCommand = Type.Object(
  {
    action: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('jump')]),
    date: Type.Optional(Type.String({ description: 'for jump: YYYY-MM-DD (00:00 local time that day) or an ISO 8601 instant; forward only' })),
    speed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 604_800, description: 'new speed (simulated seconds per real second)' })),
  },
  { additionalProperties: false },
);
export type ReplayCommand = Static<typeof ReplayCommand>;
