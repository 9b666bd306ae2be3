import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/open-database.ts';
import { BridgeError } from '../errors.ts';
import { hashApiToken } from '../security/api-tokens.ts';

export interface Principal {
  userId: string;
  role: 'admin' | 'member';
  tokenId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * API tokens, accepted only in the Authorization header (never in a query string, where they end up in
 * access logs). Looked up by SHA-256, so the database never holds a usable token.
 */
export function bearerAuth(database: Database) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new BridgeError('NB_ERR_UNAUTHORIZED', 'send an API token as "Authorization: Bearer nb_..."');
    }
    const row = await database.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'users.id as user_id', 'users.role'])
      .where('api_tokens.token_hash', '=', hashApiToken(match[1]!))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null)
      throw new BridgeError('NB_ERR_UNAUTHORIZED', 'the API token is unknown or revoked');
    request.principal = { userId: row.user_id, role: row.role, tokenId: row.token_id };
  };
}
