import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { ApiTokensTable } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import { displayPrefix, generateApiToken, hashApiToken } from '../security/api-tokens.ts';
import { grantedScope, isTokenScope, type TokenScope } from '../security/token-scopes.ts';
import type { Role } from './users.ts';

export interface LiveToken {
  tokenId: string;
  userId: string;
  role: Role;
  /** Its stored scopes capped by the user's role; undefined for none. */
  granted: TokenScope | undefined;
}

/** last_used_at is for people ("is this token still used?"): a minute's precision spares a write per call. */
const touchEveryMs = 60_000;

/**
 * The token a bearer header names, when it is known, not revoked, not expired and its user is not
 * disabled; undefined otherwise. Looked up by SHA-256. Unknown stored scope names grant nothing.
 */
export async function findLiveToken(
  database: Database,
  token: string,
  now: number,
): Promise<LiveToken | undefined> {
  const row = await database.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.revoked_at',
      'api_tokens.expires_at',
      'api_tokens.last_used_at',
      'api_tokens.scopes',
      'users.id as user_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', hashApiToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled_at !== null) return undefined;
  if (row.expires_at !== null && now >= row.expires_at) return undefined;
  if (row.last_used_at === null || now - row.last_used_at >= touchEveryMs) {
    await database.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.token_id)
      .execute();
  }
  const stored = parseJson<unknown>(row.scopes);
  return {
    tokenId: row.token_id,
    userId: row.user_id,
    role: row.role,
    granted: grantedScope(row.role, Array.isArray(stored) ? stored : []),
  };
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  /** The token's first characters, enough to tell tokens apart and far too few to use. */
  prefix: string;
  scopes: TokenScope[];
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

function tokenRecord(row: Selectable<ApiTokensTable>): TokenRecord {
  const stored = parseJson<unknown>(row.scopes);
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scopes: (Array.isArray(stored) ? stored : []).filter(isTokenScope),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** A new token of the user; the token itself is returned this once and stored only as its SHA-256. */
export async function createApiToken(
  database: Database,
  token: { userId: string; name: string; scopes: readonly TokenScope[]; expiresAt: number | null },
  now: number,
): Promise<{ token: string; record: TokenRecord }> {
  const secret = generateApiToken();
  const row: Selectable<ApiTokensTable> = {
    id: newId(),
    user_id: token.userId,
    name: token.name,
    prefix: displayPrefix(secret),
    token_hash: hashApiToken(secret),
    scopes: JSON.stringify(token.scopes),
    created_at: now,
    last_used_at: null,
    revoked_at: null,
    expires_at: token.expiresAt,
  };
  await database.db.insertInto('api_tokens').values(row).execute();
  return { token: secret, record: tokenRecord(row) };
}

/** Tokens newest first: the user's, or everyone's when `userId` is undefined (an admin's view). */
export async function listApiTokens(
  database: Database,
  query: { userId: string | undefined; beforeId: string | undefined; limit: number },
): Promise<TokenRecord[]> {
  const rows = await database.db
    .selectFrom('api_tokens')
    .selectAll()
    .$if(query.userId !== undefined, (qb) => qb.where('user_id', '=', query.userId!))
    .$if(query.beforeId !== undefined, (qb) => qb.where('id', '<', query.beforeId!))
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(tokenRecord);
}

/**
 * Revokes a token of the user (any user's when `userId` is undefined); false when there is none with that
 * id for them. Revoking twice keeps the first time.
 */
export async function revokeApiToken(
  database: Database,
  id: string,
  userId: string | undefined,
  now: number,
): Promise<boolean> {
  const row = await database.db
    .selectFrom('api_tokens')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .$if(userId !== undefined, (qb) => qb.where('user_id', '=', userId!))
    .executeTakeFirst();
  if (!row) return false;
  if (row.revoked_at === null) {
    await database.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return true;
}
