import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ISO_DATE } from '../../core/time/local-date.ts';
import { ReplayRewindError } from '../../demo/replay.ts';
import { holdsSimulatedData } from '../../store/demo-store.ts';
import { authenticateFirst, requireRole } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { ProblemSchema } from './shared-schemas.ts';

export const SIMULATED_NOTICE_VI = 'Dữ liệu mô phỏng — không phải số liệu thật';
export const SIMULATED_NOTICE_EN = 'Simulated data — not real figures';

const ReplayStatusSchema = Type.Object(
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

const StatusSchema = Type.Object({
  simulated: Type.Boolean({ description: 'the database holds simulated (demo) data: show the notice' }),
  notice: Type.Union([Type.Object({ vi: Type.String(), en: Type.String() }), Type.Null()]),
  replay: Type.Union([Type.Ref('ReplayStatus'), Type.Null()]),
});

const ReplayCommand = Type.Object(
  {
    action: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Literal('jump')]),
    date: Type.Optional(Type.String({ description: 'for jump: YYYY-MM-DD (00:00 local time that day) or an ISO 8601 instant; forward only' })),
    speed: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 604_800, description: 'new speed (simulated seconds per real second)' })),
  },
  { additionalProperties: false },
);

/** GET /api/v1/status (public) and the demo replay's controls (GET public, POST with an admin token). */
export function demoRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = authenticateFirst((request) => requireRole(ctx, request, ['admin']));
  app.addSchema(ReplayStatusSchema);
  app.get(
    '/api/v1/status',
    { schema: { summary: 'Whether the data is simulated (demo), and the replay’s state', tags: ['demo'], response: { 200: StatusSchema } } },
    async (_request, reply) => {
      const simulated = await holdsSimulatedData(ctx.store.db);
      reply.header('cache-control', 'no-store');
      return { simulated, notice: simulated ? { vi: SIMULATED_NOTICE_VI, en: SIMULATED_NOTICE_EN } : null, replay: ctx.replay?.status() ?? null };
    },
  );

  app.get(
    '/api/v1/replay',
    { schema: { summary: 'The demo replay: simulated clock, speed, records fed', tags: ['demo'], response: { 200: Type.Ref('ReplayStatus'), 404: ProblemSchema } } },
    async () => replayOr404(ctx).status(),
  );

  app.post<{ Body: Static<typeof ReplayCommand> }>(
    '/api/v1/replay',
    {
      onRequest: admin.onRequest,
      schema: {
        summary: 'Pause, resume or jump the demo replay (admin token)',
        tags: ['demo'],
        security: [{ bearer: [] }],
        body: ReplayCommand,
        response: { 200: Type.Ref('ReplayStatus'), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const principal = admin.actorOf(request);
      const replay = replayOr404(ctx);
      const { action, date, speed } = request.body;
      const actor = principal.actor;
      if (speed !== undefined) await replay.setSpeed(speed, actor);
      if (action === 'pause') return replay.pause(actor);
      if (action === 'resume') return replay.resume(actor);
      if (date === undefined) throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', 'date: jump cần ngày / jump needs a date', [{ field: 'date', message: 'required for jump' }]);
      const to = parseInstant(date);
      try {
        return await replay.jump(to, actor);
      } catch (error) {
        if (error instanceof ReplayRewindError) throw new HttpProblem(409, 'Không lùi được thời gian mô phỏng / Cannot rewind the replay', error.message, [{ field: 'date', message: 'before the simulated now' }], 'conflict');
        throw error;
      }
    },
  );
}

function replayOr404(ctx: AppContext) {
  if (!ctx.replay) throw new HttpProblem(404, 'Không có phát lại mô phỏng / No replay running', 'this server runs no demo replay (started with VX_DEMO=0 or without demo data)');
  return ctx.replay;
}

/** A date means 00:00 local time (Asia/Ho_Chi_Minh) that day; an instant must carry its offset. */
function parseInstant(value: string): Date {
  const instant = ISO_DATE.test(value) ? new Date(`${value}T00:00:00+07:00`) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(instant.getTime())) {
    throw new HttpProblem(400, 'Yêu cầu không hợp lệ / Invalid request', `date: cần YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ / must be YYYY-MM-DD or an ISO 8601 instant with offset: ${value}`, [{ field: 'date', message: 'not a date' }]);
  }
  return instant;
}
