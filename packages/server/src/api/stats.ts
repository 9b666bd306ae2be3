import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { deliveryStatuses } from '../db/schema.ts';
import type { ApiOptions } from './api-options.ts';
import { errorResponses, Id, IsoTime, iso } from './schemas.ts';
import { scopeOf } from './scope.ts';
import {
  chartMinutes,
  failuresByTarget,
  failureWindowMs,
  minuteMs,
  perMinute,
  statusCounts,
  trouble,
  troubleWindowMs,
  waiting,
} from './stats-queries.ts';

const Count = Type.Integer({ minimum: 0 });

const Minute = Type.Object({
  at: IsoTime,
  events: Count,
  deliveries: Type.Integer({ minimum: 0, description: 'Deliveries made in this minute.' }),
  sent: Type.Integer({ minimum: 0, description: 'Of those, sent by now.' }),
  failed: Type.Integer({ minimum: 0, description: 'Of those, dead by now.' }),
});

const StatsView = Type.Object({
  at: IsoTime,
  scope: Type.Union([Type.Literal('own'), Type.Literal('all')], {
    description: '`own`: your sources, targets and events; `all`: the whole instance (the admin scope).',
  }),
  minutes: Type.Array(Minute, {
    description: `The last ${chartMinutes} minutes, oldest first, the current minute last; every minute listed.`,
  }),
  deliveries: Type.Object({
    windowHours: Type.Integer({ description: 'The counts are of deliveries made in this many hours.' }),
    byStatus: Type.Object(Object.fromEntries(deliveryStatuses.map((status) => [status, Count]))),
    waiting: Type.Integer({ minimum: 0, description: 'Pending deliveries of any age.' }),
  }),
  oldestWaiting: Type.Union(
    [
      Type.Object({
        id: Id,
        targetId: Id,
        createdAt: IsoTime,
        dueAt: IsoTime,
        ageSeconds: Type.Integer({ minimum: 0 }),
      }),
      Type.Null(),
    ],
    { description: 'The pending delivery made longest ago; null when none waits.' },
  ),
  failuresByTarget: Type.Object({
    windowHours: Type.Integer(),
    items: Type.Array(
      Type.Object({
        targetId: Id,
        name: Type.String(),
        kind: Type.String(),
        failed: Type.Integer({ minimum: 0, description: 'Deliveries given up on (dead).' }),
        retrying: Type.Integer({ minimum: 0, description: 'Pending again after a failed attempt.' }),
        lastError: Type.Union([Type.String(), Type.Null()]),
        lastFailedAt: IsoTime,
      }),
      { description: 'Most failures first, at most 20.' },
    ),
  }),
  trouble: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('receiver'), Type.Literal('target'), Type.Literal('source')]),
      id: Id,
      name: Type.String(),
      targetId: Type.Union([Id, Type.Null()], { description: "A receiver's target." }),
      reason: Type.String(),
      at: IsoTime,
    }),
    {
      description:
        'Receivers the system disabled, targets with a dead delivery in the last hour, sources whose events in the last hour came with warnings.',
    },
  ),
});

/** /stats: the dashboard's figures, computed by the database at the time of the request. */
export async function statsRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;

  app.get(
    '/stats',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['stats'],
        summary: "The dashboard's figures",
        description: `Events and deliveries per minute over the last hour, the deliveries of the last ${failureWindowMs / 3_600_000} hours by state and their failures per target, the delivery waiting longest, and what needs attention (trouble of the last ${troubleWindowMs / minuteMs} minutes). A member sees their own things only; a token with the admin scope, the whole instance.`,
        response: { 200: StatsView, ...errorResponses() },
      },
    },
    async (request) => {
      const { ownerId } = scopeOf(request);
      const now = options.clock.now();
      const [minutes, byStatus, pending, failures] = await Promise.all([
        perMinute(db, ownerId, now),
        statusCounts(db, ownerId, now),
        waiting(db, ownerId),
        failuresByTarget(db, ownerId, now),
      ]);
      const troubles = await trouble(db, ownerId, now, failures);
      const oldest = pending.oldest;
      return {
        at: iso(now),
        scope: ownerId === undefined ? ('all' as const) : ('own' as const),
        minutes: minutes.map((minute) => ({ ...minute, at: iso(minute.at) })),
        deliveries: { windowHours: failureWindowMs / 3_600_000, byStatus, waiting: pending.count },
        oldestWaiting: oldest
          ? {
              id: oldest.id,
              targetId: oldest.targetId,
              createdAt: iso(oldest.createdAt),
              dueAt: iso(oldest.dueAt),
              ageSeconds: Math.max(0, Math.floor((now - oldest.createdAt) / 1000)),
            }
          : null,
        failuresByTarget: {
          windowHours: failureWindowMs / 3_600_000,
          items: failures.map((target) => ({ ...target, lastFailedAt: iso(target.lastFailedAt) })),
        },
        trouble: troubles.map((item) => ({ ...item, at: iso(item.at) })),
      };
    },
  );
}
