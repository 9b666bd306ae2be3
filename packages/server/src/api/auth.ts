import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Database } from '../db/open-database.ts';
import { BridgeError } from '../errors.ts';
import { parseJson } from '../json.ts';
import { hashApiToken } from '../security/api-tokens.ts';
import { grantedScope, isTokenScope, scopeAllows, type TokenScope } from '../security/token-scopes.ts';

export interface Principal {
  userId: string;
  role: 'admin' | 'member';
  tokenId: string;
  /** The widest scope this token grants, its stored scopes capped by the role; undefined for none. */
  granted: TokenScope | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** The token scope this route needs; every route under /api/v1 must declare one. */
    scope?: TokenScope;
  }
}

/**
 * API tokens, accepted only in the Authorization header (never in a query string, where they end up in
 * access logs). Looked up by SHA-256, so the database never holds a usable token. A token without the
 * scope its route declares is refused before the body is even parsed.
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
      .select([
        'api_tokens.id as token_id',
        'api_tokens.revoked_at',
        'api_tokens.scopes',
        'users.id as user_id',
        'users.role',
      ])
      .where('api_tokens.token_hash', '=', hashApiToken(match[1]!))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null)
      throw new BridgeError('NB_ERR_UNAUTHORIZED', 'the API token is unknown or revoked');
    const stored = parseJson<unknown>(row.scopes);
    const granted = grantedScope(row.role, Array.isArray(stored) ? stored : []);
    const needed = request.routeOptions.config.scope;
    // requireDeclaredScope makes a route without one fail at start; this only keeps a slip closed.
    if (!needed || !scopeAllows(granted, needed)) throw missingScope(needed ?? 'admin', granted, row.role);
    request.principal = { userId: row.user_id, role: row.role, tokenId: row.token_id, granted };
  };
}

function missingScope(needed: TokenScope, granted: TokenScope | undefined, role: string): BridgeError {
  const has = granted === undefined ? 'grants no scope' : `grants only "${granted}"`;
  const fix =
    needed === 'admin' && role !== 'admin'
      ? 'only an admin’s token can have it'
      : `create a token with --scope ${needed}`;
  return new BridgeError(
    'NB_ERR_FORBIDDEN',
    `this request needs an API token with the "${needed}" scope; this token ${has} (${fix})`,
  );
}

/**
 * An onRoute hook: every route must say which scope it needs (`config: { scope }`), or the server does not
 * start. The scope also goes into the route's OpenAPI security requirement, so clients can read it.
 */
export function requireDeclaredScope(route: RouteOptions): void {
  const scope = route.config?.scope;
  if (!isTokenScope(scope)) {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    throw new Error(
      `${method} ${route.url} declares no token scope: add config: { scope: 'read' | 'write' | 'admin' }`,
    );
  }
  route.schema = { ...route.schema, security: [{ bearerAuth: [scope] }] } as RouteOptions['schema'];
}
