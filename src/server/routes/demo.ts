import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

import { problems, ProblemSchema, ref, ReplayCommand, ReplayStatusSchema, StatusSchema } from '../../contract/index.ts';
import { ISO_DATE } from '../../core/time/local-date.ts';
import { ReplayRewindError } from '../../demo/replay.ts';
import { readDemoState } from '../../store/demo-store.ts';
import { principalOf } from '../auth.ts';
import type { AppContext } from '../context.ts';

export const SIMULATED_NOTICE_VI = 'Dữ liệu mô phỏng — không phải số liệu thật';
export const SIMULATED_NOTICE_EN = 'Simulated data — not real figures';

/** GET /api/v1/status (public) and the demo replay's controls (GET public, POST with an admin token). */
export function demoRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ReplayStatusSchema);
  app.get(
    '/api/v1/status',
    { schema: { summary: 'Whether the data is simulated (demo), and the replay’s state', tags: ['demo'], response: { 200: StatusSchema } } },
    async (_request, reply) => {
      const { simulated, simulatedNeighbourhoods } = await readDemoState(ctx.store.db);
      reply.header('cache-control', 'no-store');
      return {
        simulated,
        notice: simulated ? { vi: SIMULATED_NOTICE_VI, en: SIMULATED_NOTICE_EN } : null,
        simulatedNeighbourhoods,
        replay: ctx.replay?.status() ?? null,
      };
    },
  );

  app.get(
    '/api/v1/replay',
    {
      schema: {
        summary: 'The demo replay: simulated clock, speed, records fed',
        tags: ['demo'],
        response: { 200: ref(ReplayStatusSchema), 404: ProblemSchema },
      },
    },
    async () => replayOr404(ctx).status(),
  );

  app.post(
    '/api/v1/replay',
    {
      // The replay's clock is the whole city's: only an admin for the city may move it.
      config: { auth: { roles: ['admin'], scope: 'city', cityWork: 'replay' } },
      schema: {
        summary: 'Pause, resume or jump the demo replay (admin token for the whole city)',
        tags: ['demo'],
        security: [{ bearer: [] }],
        body: ReplayCommand,
        response: { 200: ref(ReplayStatusSchema), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const replay = replayOr404(ctx);
      const { action, date, speed } = request.body;
      const actor = principal.actor;
      if (speed !== undefined) await replay.setSpeed(speed, actor);
      if (action === 'pause') return replay.pause(actor);
      if (action === 'resume') return replay.resume(actor);
      if (date === undefined) throw problems.invalidRequest.jumpNeedsDate();
      const to = parseInstant(date);
      try {
        return await replay.jump(to, actor);
      } catch (error) {
        if (error instanceof ReplayRewindError) throw problems.cannotRewind.replay(error.message);
        throw error;
      }
    },
  );
}

function replayOr404(ctx: AppContext) {
  if (!ctx.replay) throw problems.noReplay.running();
  return ctx.replay;
}

/** A date means 00:00 local time (Asia/Ho_Chi_Minh) that day; an instant must carry its offset. */
function parseInstant(value: string): Date {
  const instant = ISO_DATE.test(value)
    ? new Date(`${value}T00:00:00+07:00`)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? new Date(value)
      : new Date(NaN);
  if (Number.isNaN(instant.getTime())) throw problems.invalidRequest.notAnInstant(value);
  return instant;
}
