import { type Kysely, sql } from 'kysely';
import { type DeliveryStatus, deliveryStatuses, type Schema } from '../db/schema.ts';
import { refusalView } from '../ingest/source-refusals.ts';
import { deliveriesOfMember } from './deliveries.ts';

/**
 * The dashboard's figures, each one query over an indexed time column: events by `received_at`
 * (events_received), deliveries by `created_at` (deliveries_created, migration 0019), waiting ones by the
 * partial index of pending rows. `ownerId` narrows everything to one user's things: their events, and the
 * deliveries they see (deliveriesOfMember, as GET /deliveries); undefined is the whole instance.
 */

export const minuteMs = 60_000;
export const chartMinutes = 60;
/** The window of the state counts and the failures per target. */
export const failureWindowMs = 24 * 60 * minuteMs;
/** How recent a failure or a source's warning must be to put its target or source on the trouble list. */
export const troubleWindowMs = 60 * minuteMs;

type Db = Kysely<Schema>;

export interface MinuteFigures {
  at: number;
  events: number;
  deliveries: number;
  sent: number;
  failed: number;
}

/** The start of the first of the last 60 minutes, the current one included. */
export function chartStart(now: number): number {
  return Math.floor(now / minuteMs) * minuteMs - (chartMinutes - 1) * minuteMs;
}

// Postgres answers count() and sum() as bigint, which pg hands over as a string.
const count = (value: unknown): number => Number(value ?? 0);

const bucketOf = (column: 'received_at' | 'created_at', from: number) =>
  sql<number>`(${sql.ref(column)} - ${sql.lit(from)}) / ${sql.lit(minuteMs)}`.as('minute');

/** Events per minute since `from`, by received_at (index events_received). */
export function eventsPerMinute(db: Db, ownerId: string | undefined, from: number, now: number) {
  return db
    .selectFrom('events')
    .select([bucketOf('received_at', from), (eb) => eb.fn.countAll().as('n')])
    .where('received_at', '>=', from)
    .where('received_at', '<=', now)
    .$if(ownerId !== undefined, (qb) => qb.where('owner_id', '=', ownerId!))
    .groupBy('minute');
}

/** Deliveries made per minute since `from`, by created_at (index deliveries_created), with their fate. */
export function deliveriesPerMinute(db: Db, ownerId: string | undefined, from: number, now: number) {
  return db
    .selectFrom('deliveries')
    .select([
      bucketOf('created_at', from),
      (eb) => eb.fn.countAll().as('n'),
      sql<number>`sum(case when status = 'sent' then 1 else 0 end)`.as('sent'),
      sql<number>`sum(case when status = 'dead' then 1 else 0 end)`.as('failed'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<=', now)
    .$if(ownerId !== undefined, (qb) => qb.where(deliveriesOfMember(db, ownerId!)))
    .groupBy('minute');
}

/**
 * Events and deliveries made per minute over the last hour, with how many of those deliveries are sent or
 * dead by now. The minute is computed in SQL (integer division of epoch milliseconds works alike in both
 * dialects); the bounds are literals the server computed, never user input.
 */
export async function perMinute(db: Db, ownerId: string | undefined, now: number): Promise<MinuteFigures[]> {
  const from = chartStart(now);
  const [events, deliveries] = await Promise.all([
    eventsPerMinute(db, ownerId, from, now).execute(),
    deliveriesPerMinute(db, ownerId, from, now).execute(),
  ]);
  const minutes: MinuteFigures[] = Array.from({ length: chartMinutes }, (_, i) => ({
    at: from + i * minuteMs,
    events: 0,
    deliveries: 0,
    sent: 0,
    failed: 0,
  }));
  for (const row of events) {
    const minute = minutes[count(row.minute)];
    if (minute) minute.events = count(row.n);
  }
  for (const row of deliveries) {
    const minute = minutes[count(row.minute)];
    if (!minute) continue;
    minute.deliveries = count(row.n);
    minute.sent = count(row.sent);
    minute.failed = count(row.failed);
  }
  return minutes;
}

/** How many of the deliveries made in the last 24 hours are in each state now, every state listed. */
export async function statusCounts(
  db: Db,
  ownerId: string | undefined,
  now: number,
): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('created_at', '>', now - failureWindowMs)
    .$if(ownerId !== undefined, (qb) => qb.where(deliveriesOfMember(db, ownerId!)))
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(deliveryStatuses.map((status) => [status, 0])) as Record<
    DeliveryStatus,
    number
  >;
  for (const row of rows) counts[row.status] = count(row.n);
  return counts;
}

export interface WaitingFigures {
  /** Pending deliveries of any age. */
  count: number;
  oldest: { id: string; createdAt: number; dueAt: number; targetId: string } | undefined;
}

/** The deliveries waiting to go out, however old: how many, and the one waiting longest. */
export async function waiting(db: Db, ownerId: string | undefined): Promise<WaitingFigures> {
  // `status = 'pending'` is the predicate of deliveries_pending_due, so both read that small index only.
  const pending = db
    .selectFrom('deliveries')
    .where('status', '=', 'pending')
    .$if(ownerId !== undefined, (qb) => qb.where(deliveriesOfMember(db, ownerId!)));
  const [total, oldest] = await Promise.all([
    pending.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    pending
      .select(['id', 'created_at', 'due_at', 'target_id'])
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    count: count(total?.n),
    oldest: oldest && {
      id: oldest.id,
      createdAt: oldest.created_at,
      dueAt: oldest.due_at,
      targetId: oldest.target_id,
    },
  };
}

export interface TargetFailures {
  targetId: string;
  name: string;
  kind: string;
  /** Dead: given up on. */
  failed: number;
  /** Pending again after a failed attempt. */
  retrying: number;
  lastError: string | null;
  lastFailedAt: number;
}

/** Per target, the deliveries of the last 24 hours that died or wait for a retry; most dead first. */
export async function failuresByTarget(
  db: Db,
  ownerId: string | undefined,
  now: number,
  limit = 20,
): Promise<TargetFailures[]> {
  const failing = (qb: ReturnType<typeof windowed>) =>
    qb.where((eb) =>
      eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]),
    );
  const windowed = () =>
    db
      .selectFrom('deliveries')
      .where('deliveries.created_at', '>', now - failureWindowMs)
      .$if(ownerId !== undefined, (qb) => qb.where(deliveriesOfMember(db, ownerId!)));
  const rows = await failing(windowed())
    .innerJoin('targets', 'targets.id', 'deliveries.target_id')
    .select([
      'deliveries.target_id as targetId',
      'targets.name',
      'targets.kind',
      sql<number>`sum(case when status = 'dead' then 1 else 0 end)`.as('failed'),
      sql<number>`sum(case when status = 'pending' then 1 else 0 end)`.as('retrying'),
      sql<number>`max(deliveries.updated_at)`.as('lastFailedAt'),
    ])
    .groupBy(['deliveries.target_id', 'targets.name', 'targets.kind'])
    .orderBy(sql`sum(case when status = 'dead' then 1 else 0 end)`, 'desc')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('deliveries.target_id')
    .limit(limit)
    .execute();
  return Promise.all(
    rows.map(async (row) => {
      const last = await failing(windowed())
        .where('target_id', '=', row.targetId)
        .select('last_error')
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        targetId: row.targetId,
        name: row.name,
        kind: row.kind,
        failed: count(row.failed),
        retrying: count(row.retrying),
        lastError: last?.last_error ?? null,
        lastFailedAt: count(row.lastFailedAt),
      };
    }),
  );
}

export interface Trouble {
  kind: 'receiver' | 'target' | 'source';
  id: string;
  name: string;
  /** The receiver's target, for a receiver. */
  targetId: string | null;
  reason: string;
  at: number;
}

/**
 * What needs a person: receivers the system disabled (a channel said the address is gone), targets whose
 * deliveries failed in the last hour, sources that refused a request in the last hour (a sender with the
 * wrong secret), and sources whose events in the last hour came with warnings (what the source had to
 * leave out).
 */
export async function trouble(
  db: Db,
  ownerId: string | undefined,
  now: number,
  failures: readonly TargetFailures[],
): Promise<Trouble[]> {
  const [receivers, sources, refusing] = await Promise.all([
    db
      .selectFrom('receivers')
      .innerJoin('targets', 'targets.id', 'receivers.target_id')
      .select([
        'receivers.id',
        'receivers.name',
        'receivers.target_id',
        'receivers.disabled_reason',
        'receivers.updated_at',
        'targets.name as targetName',
      ])
      .where('receivers.enabled', '=', 0)
      .where('receivers.disabled_reason', 'is not', null)
      .$if(ownerId !== undefined, (qb) => qb.where('targets.owner_id', '=', ownerId!))
      .orderBy('receivers.updated_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('events')
      .innerJoin('sources', 'sources.id', 'events.source_id')
      .select([
        'events.source_id',
        'sources.name',
        sql<number>`max(events.received_at)`.as('at'),
        sql<string>`max(events.warnings)`.as('warnings'),
      ])
      .where('events.received_at', '>', now - troubleWindowMs)
      .where('events.warnings', 'is not', null)
      .$if(ownerId !== undefined, (qb) => qb.where('events.owner_id', '=', ownerId!))
      .groupBy(['events.source_id', 'sources.name'])
      .limit(20)
      .execute(),
    db
      .selectFrom('sources')
      .select(['id', 'name', 'last_refusal', 'last_refusal_at'])
      .where('last_refusal_at', '>', now - troubleWindowMs)
      .$if(ownerId !== undefined, (qb) => qb.where('owner_id', '=', ownerId!))
      .orderBy('last_refusal_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  return [
    ...receivers.map((row) => ({
      kind: 'receiver' as const,
      id: row.id,
      name: `${row.targetName} / ${row.name}`,
      targetId: row.target_id,
      reason: row.disabled_reason ?? '',
      at: row.updated_at,
    })),
    ...failures
      .filter((target) => target.failed > 0 && target.lastFailedAt > now - troubleWindowMs)
      .map((target) => ({
        kind: 'target' as const,
        id: target.targetId,
        name: target.name,
        targetId: null,
        reason: target.lastError ?? '',
        at: target.lastFailedAt,
      })),
    ...refusing.map((row) => ({
      kind: 'source' as const,
      id: row.id,
      name: row.name,
      targetId: null,
      reason: refusalView(row.last_refusal, row.last_refusal_at)?.message ?? '',
      at: count(row.last_refusal_at),
    })),
    ...sources.map((row) => ({
      kind: 'source' as const,
      id: row.source_id,
      name: row.name,
      targetId: null,
      reason: (JSON.parse(row.warnings) as string[]).join('; '),
      at: count(row.at),
    })),
  ];
}
