import type { Database } from '../db/open-database.ts';
import { parseJson } from '../json.ts';
import { hashApiToken } from '../security/api-tokens.ts';
import { grantedScope, type TokenScope } from '../security/token-scopes.ts';
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
