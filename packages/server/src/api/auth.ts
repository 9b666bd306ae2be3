import type { FastifyRequest, RouteOptions } from 'fastify';
import { csrfProblem } from '../auth/csrf.ts';
import { type ExternalIdentity, linkedUser } from '../auth/identities.ts';
import type { ProxyIdentify } from '../auth/proxy-headers.ts';
import { findLiveSession, type SessionLifetimes } from '../auth/sessions.ts';
import { findLiveToken } from '../auth/token-store.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock } from '../domain/clock.ts';
import { BridgeError } from '../errors.ts';
import { isTokenScope, roleScope, scopeAllows, type TokenScope } from '../security/token-scopes.ts';
import { recordLink } from './linked-sign-in.ts';
import { type CookieContext, ownOrigins, sessionCookieName } from './session-cookie.ts';

export interface Principal {
  userId: string;
  role: 'admin' | 'member';
  /** Set when an API token authenticated the request. */
  tokenId?: string;
  /** Set when the session cookie authenticated the request. */
  sessionId?: string;
  /** How the request authenticated, for the audit log. */
  via: 'token' | 'session' | 'proxy';
  /**
   * The widest scope granted: a token's stored scopes capped by the role, or for a session all the role
   * allows; undefined for none.
   */
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

export interface AuthOptions extends CookieContext {
  database: Database;
  clock: Clock;
  sessions: SessionLifetimes;
  /** Who a trusted reverse proxy's headers say the request is from (NB_TRUSTED_PROXIES); undefined: off. */
  proxyIdentity: ProxyIdentify | undefined;
}

const howToAuthenticate =
  'send an API token as "Authorization: Bearer nbt_...", or sign in (POST /api/v1/auth/sign-in) for a session cookie';

/**
 * Who is asking, before the body is read: an API token in the Authorization header (never in a query
 * string, where it ends up in access logs), else the session cookie. Tokens are looked up by SHA-256, so
 * the database never holds a usable one; a disabled user's tokens and sessions are refused at once. A
 * cookie-authenticated request that changes something must pass the CSRF check. A principal without the
 * scope its route declares is refused too.
 */
export function authenticate(options: AuthOptions) {
  return async (request: FastifyRequest): Promise<void> => {
    const now = options.clock.now();
    const header = request.headers.authorization;
    const proxied = options.proxyIdentity?.(request.socket.remoteAddress, request.headers);
    let principal: Principal;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new BridgeError('NB_ERR_UNAUTHORIZED', howToAuthenticate);
      const token = await findLiveToken(options.database, match[1]!, now);
      if (!token)
        throw new BridgeError('NB_ERR_UNAUTHORIZED', 'the API token is unknown, revoked or expired');
      principal = {
        userId: token.userId,
        role: token.role,
        tokenId: token.tokenId,
        via: 'token',
        granted: token.granted,
      };
    } else if (proxied) {
      principal = await proxyPrincipal(request, proxied, options, now);
    } else {
      const cookie = request.cookies[sessionCookieName];
      const session = cookie
        ? await findLiveSession(options.database, cookie, now, options.sessions)
        : undefined;
      if (!session) {
        throw new BridgeError(
          'NB_ERR_UNAUTHORIZED',
          cookie ? 'the session has ended; sign in again' : howToAuthenticate,
        );
      }
      const csrf = csrfProblem(request, ownOrigins(request, options));
      if (csrf) throw new BridgeError('NB_ERR_FORBIDDEN', csrf);
      principal = {
        userId: session.userId,
        role: session.role,
        sessionId: session.sessionId,
        via: 'session',
        granted: roleScope(session.role),
      };
    }
    const needed = request.routeOptions.config.scope;
    // requireDeclaredScope makes a route without one fail at start; this only keeps a slip closed.
    if (!needed || !scopeAllows(principal.granted, needed)) {
      throw missingScope(needed ?? 'admin', principal.granted, principal.role);
    }
    request.principal = principal;
  };
}

/**
 * The user a trusted proxy's headers name, made on first sight. The proxy's headers come with every
 * request the browser makes, a cross-site form's too, so they pass the same CSRF check as the cookie.
 */
async function proxyPrincipal(
  request: FastifyRequest,
  identity: ExternalIdentity,
  options: AuthOptions,
  now: number,
): Promise<Principal> {
  const linked = await linkedUser(options.database, identity, now);
  await recordLink(options, request, linked, 'proxy');
  if (linked.user.disabled_at !== null) {
    throw new BridgeError('NB_ERR_SIGN_IN_DENIED', 'this account is disabled; ask an admin');
  }
  const csrf = csrfProblem(request, ownOrigins(request, options));
  if (csrf) throw new BridgeError('NB_ERR_FORBIDDEN', csrf);
  return {
    userId: linked.user.id,
    role: linked.user.role,
    via: 'proxy',
    granted: roleScope(linked.user.role),
  };
}

export function missingScope(needed: TokenScope, granted: TokenScope | undefined, role: string): BridgeError {
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
  route.schema = {
    ...route.schema,
    security: [{ bearerAuth: [scope] }, { sessionCookie: [scope] }],
  } as RouteOptions['schema'];
}
