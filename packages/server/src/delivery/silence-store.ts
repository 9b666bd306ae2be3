import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { Schema, SilencesTable } from '../db/schema.ts';
import { type Silence, type SilenceMode, silenceProblem } from '../domain/silences.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import { releaseDeferred } from './outbox/release.ts';

/**
 * The `silences` table, for every caller: the REST API, the bot commands (/mute, /unmute, /snooze) and the
 * dispatcher's gate. Silences are never deleted by these functions: ending one sets `ends_at` to now, so
 * the history of who silenced what stays readable.
 */

/** A stored silence, parsed. */
export interface SilenceRecord extends Silence {
  ownerId: string;
  receiverId: string;
  createdAt: number;
}

export interface NewSilence {
  /** Whose silence it is: the owner of the receiver's target. */
  ownerId: string;
  receiverId: string;
  /** Event type globs; absent or null silences every event. */
  eventTypes?: readonly string[] | null;
  mode: SilenceMode;
  endsAt: number;
  comment?: string;
  /** `ui:<user id>`, `api:<user id>` or e.g. `telegram:<chat id>:<user id>`. */
  createdBy: string;
}

export type CreateSilenceResult =
  | { ok: true; silence: SilenceRecord }
  | { ok: false; path: string; message: string };

type SilenceRow = Selectable<SilencesTable>;

function recordOf(row: SilenceRow): SilenceRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    receiverId: row.receiver_id,
    eventTypes: row.event_types === null ? null : parseJson<string[]>(row.event_types),
    mode: row.mode,
    endsAt: row.ends_at,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * Stores a new silence, or says which field is wrong (an end not in the future or over a year ahead, a bad
 * glob) so the caller can tell its user. The receiver must exist; checking that the caller may see it is the
 * caller's job.
 */
export async function createSilence(
  database: Database,
  input: NewSilence,
  now: number,
): Promise<CreateSilenceResult> {
  const problem = silenceProblem(input, now);
  if (problem) return { ok: false, ...problem };
  const row: SilenceRow = {
    id: newId(),
    owner_id: input.ownerId,
    receiver_id: input.receiverId,
    event_types: input.eventTypes == null ? null : JSON.stringify([...new Set(input.eventTypes)]),
    mode: input.mode,
    ends_at: input.endsAt,
    comment: input.comment ?? '',
    created_by: input.createdBy,
    created_at: now,
  };
  await database.db.insertInto('silences').values(row).execute();
  return { ok: true, silence: recordOf(row) };
}

/** The silences of these receivers that are active at `now`, by receiver id, in one query. */
export async function activeSilences(
  database: Database,
  receiverIds: readonly string[],
  now: number,
): Promise<Map<string, SilenceRecord[]>> {
  const byReceiver = new Map<string, SilenceRecord[]>();
  if (receiverIds.length === 0) return byReceiver;
  const rows = await database.db
    .selectFrom('silences')
    .selectAll()
    .where('receiver_id', 'in', [...new Set(receiverIds)])
    .where('ends_at', '>', now)
    .execute();
  for (const row of rows) {
    const list = byReceiver.get(row.receiver_id);
    if (list) list.push(recordOf(row));
    else byReceiver.set(row.receiver_id, [recordOf(row)]);
  }
  return byReceiver;
}

export interface SilenceFilter {
  receiverId?: string;
  /** Only silences on receivers of this user's targets (a member's view); absent for everyone's. */
  targetOwnerId?: string;
  /** true: ends after `now`; false: already over. Absent: both. */
  active?: boolean;
  now: number;
  /** Only ids below this one (the API's cursor). */
  beforeId?: string;
  /** SQL limit; newest first. */
  limit?: number;
}

function filtered(database: Database, filter: Omit<SilenceFilter, 'beforeId' | 'limit'>) {
  const { db } = database;
  const { receiverId, targetOwnerId, active, now } = filter;
  return db
    .selectFrom('silences')
    .selectAll()
    .$if(receiverId !== undefined, (qb) => qb.where('receiver_id', '=', receiverId!))
    .$if(targetOwnerId !== undefined, (qb) =>
      qb.where(
        'receiver_id',
        'in',
        db
          .selectFrom('receivers')
          .innerJoin('targets', 'targets.id', 'receivers.target_id')
          .select('receivers.id')
          .where('targets.owner_id', '=', targetOwnerId!),
      ),
    )
    .$if(active === true, (qb) => qb.where('ends_at', '>', now))
    .$if(active === false, (qb) => qb.where('ends_at', '<=', now));
}

/** Silences newest first, filtered. */
export async function listSilences(database: Database, filter: SilenceFilter): Promise<SilenceRecord[]> {
  const rows = await filtered(database, filter)
    .$if(filter.beforeId !== undefined, (qb) => qb.where('id', '<', filter.beforeId!))
    .orderBy('id', 'desc')
    .$if(filter.limit !== undefined, (qb) => qb.limit(filter.limit!))
    .execute();
  return rows.map(recordOf);
}

/** One silence, or undefined when there is none with that id (or it is not on `targetOwnerId`'s receivers). */
export async function getSilence(
  database: Database,
  id: string,
  scope: { targetOwnerId?: string } = {},
): Promise<SilenceRecord | undefined> {
  const row = await filtered(database, { targetOwnerId: scope.targetOwnerId, now: 0 })
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? recordOf(row) : undefined;
}

/**
 * Ends one silence now (its `ends_at` becomes `now`); one already over is left as it was. Returns the
 * silence as it is afterwards, or undefined when there is none with that id.
 */
export async function endSilence(
  database: Database,
  id: string,
  now: number,
): Promise<SilenceRecord | undefined> {
  const ended = await endWhere(database, now, (qb) => qb.where('id', '=', id));
  if (ended.length > 0) return ended[0];
  const row = await database.db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? recordOf(row) : undefined;
}

/**
 * Ends every active silence of a receiver now (/unmute), or only those `createdBy` made. Returns the
 * silences it ended, with their new `endsAt`; an empty list when none was active.
 */
export function endSilences(
  database: Database,
  receiverId: string,
  now: number,
  options: { createdBy?: string } = {},
): Promise<SilenceRecord[]> {
  return endWhere(database, now, (qb) =>
    qb
      .where('receiver_id', '=', receiverId)
      .$if(options.createdBy !== undefined, (q) => q.where('created_by', '=', options.createdBy!)),
  );
}

type SilenceSelect = ReturnType<typeof selectActive>;

function selectActive(db: Kysely<Schema>, now: number) {
  return db.selectFrom('silences').selectAll().where('ends_at', '>', now);
}

/**
 * Ends the active silences `where` picks, and brings the deliveries they deferred forward to `now`: a
 * deferred delivery waits with `due_at` equal to the `ends_at` of the silence that deferred it, so those are
 * the rows to wake. If another silence still applies, the dispatcher's gate defers them again.
 */
async function endWhere(
  database: Database,
  now: number,
  where: (qb: SilenceSelect) => SilenceSelect,
): Promise<SilenceRecord[]> {
  return database.db.transaction().execute(async (trx) => {
    const rows = await where(selectActive(trx, now)).execute();
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    await trx
      .updateTable('silences')
      .set({ ends_at: now })
      .where('id', 'in', ids)
      .where('ends_at', '>', now)
      .execute();
    const deferredUntil = new Map<string, number[]>();
    for (const row of rows) {
      if (row.mode !== 'defer') continue;
      deferredUntil.set(row.receiver_id, [...(deferredUntil.get(row.receiver_id) ?? []), row.ends_at]);
    }
    for (const [receiverId, dueAts] of deferredUntil) await releaseDeferred(trx, receiverId, dueAts, now);
    return rows.map((row) => ({ ...recordOf(row), endsAt: now }));
  });
}
