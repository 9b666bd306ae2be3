import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { SessionsTable } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { Role } from './users.ts';

export type SessionRow = Selectable<SessionsTable>;

export interface SessionLifetimes {
  /** A session unused this long is over. */
  idleMs: number;
  /** A session this old is over, however much it is used. */
  maxMs: number;
}

/** Renewing last_seen_at on every request would make every read a write; a minute is precise enough. */
const touchEveryMs = 60_000;
/** What a sessions list shows of the browser; a header longer than that is noise, or an attack. */
const userAgentMax = 300;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new session: 256 random bits for the cookie, only their SHA-256 in the database. */
export async function createSession(
  database: Database,
  userId: string,
  userAgent: string | undefined,
  now: number,
  lifetimes: SessionLifetimes,
): Promise<{ token: string; session: SessionRow }> {
  const token = randomBytes(32).toString('base64url');
  const session: SessionRow = {
    id: newId(),
    user_id: userId,
    token_hash: hashSessionToken(token),
    created_at: now,
    last_seen_at: now,
    expires_at: now + lifetimes.maxMs,
    user_agent: (userAgent ?? '').slice(0, userAgentMax),
  };
  await database.db.insertInto('sessions').values(session).execute();
  return { token, session };
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  role: Role;
}

/**
 * The live session a cookie names, with its user; undefined when it is unknown, idle too long, past its
 * absolute expiry, or its user is disabled. An expired session is deleted on the way.
 */
export async function findLiveSession(
  database: Database,
  token: string,
  now: number,
  lifetimes: SessionLifetimes,
): Promise<SessionUser | undefined> {
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.token_hash', '=', hashSessionToken(token))
    .executeTakeFirst();
  if (!row || row.disabled_at !== null) return undefined;
  if (now >= row.expires_at || now - row.last_seen_at >= lifetimes.idleMs) {
    await database.db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return undefined;
  }
  if (now - row.last_seen_at >= touchEveryMs) {
    await database.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  return { sessionId: row.id, userId: row.user_id, role: row.role };
}

export async function listSessions(database: Database, userId: string): Promise<SessionRow[]> {
  return database.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

/** Ends one session of the user; false when they have none with that id. */
export async function revokeSession(database: Database, userId: string, sessionId: string): Promise<boolean> {
  const result = await database.db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of the user but `keep` (the one asking, when they change their own password). */
export async function revokeUserSessions(database: Database, userId: string, keep?: string): Promise<number> {
  const result = await database.db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keep !== undefined, (qb) => qb.where('id', '!=', keep!))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
