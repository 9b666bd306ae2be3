import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../auth/audit-log.ts';
import { linkedUser } from '../auth/identities.ts';
import { oidcLoginTtlMs } from '../auth/oidc-sign-in.ts';
import { takeFromBuckets } from '../delivery/rate-buckets.ts';
import type { RateLimit } from '../domain/rate-limit.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { recordLink } from './linked-sign-in.ts';
import { ErrorBodyRef } from './schemas.ts';
import { ownOrigins, servedOverHttps } from './session-cookie.ts';
import { startSession } from './sessions.ts';

/** The browser's half of a started sign-in: the state, for the callback to compare with the issuer's. */
export const oidcStateCookie = 'nb_oidc_state';
const cookiePath = '/api/v1/auth/oidc';

/**
 * `GET /auth/oidc/start` and `GET /auth/oidc/callback`: sign-in through the OpenID Connect issuer the
 * operator configured. Public like password sign-in. The callback ends with the same session cookie and
 * always goes to `/`: it takes no address to return to, so it cannot be made to send anyone elsewhere.
 */
const startBucketPrefix = 'oidc-start:';

/**
 * A person's browser goes back to the sign-in page, which says what went wrong (`?failed=CODE`); an API
 * client gets the error as JSON.
 */
async function backToSignInOnError(
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof BridgeError) || !request.headers.accept?.includes('text/html')) throw error;
    return reply.redirect(`/sign-in?failed=${encodeURIComponent(error.code)}`, 302);
  }
}
/** Per client address. */
export const oidcStartLimit: RateLimit = { count: 10, per: 'minute' };

export function oidcRoutes(app: FastifyInstance, options: ApiOptions): void {
  const tags = ['accounts'];
  const redirect = { 302: { type: 'null', description: 'A redirect (Location).' } };

  function configured() {
    if (!options.oidc) {
      throw new BridgeError('NB_ERR_NOT_FOUND', 'OpenID Connect sign-in is not configured (NB_OIDC_ISSUER)');
    }
    return options.oidc;
  }

  /**
   * Each start stores a pending sign-in for 10 minutes before anyone has proved anything, so an address
   * gets a handful a minute: enough for people retrying, too few to fill the table.
   */
  async function limitStarts(address: string, reply: FastifyReply): Promise<void> {
    const now = options.clock.now();
    const { db } = options.database;
    // A bucket whose time has passed is as good as none: dropping them keeps one row per busy address.
    await db
      .deleteFrom('rate_buckets')
      .where('key', 'like', `${startBucketPrefix}%`)
      .where('tat', '<', now)
      .execute();
    const taken = await takeFromBuckets(
      options.database,
      [{ key: `${startBucketPrefix}${address}`, limit: oidcStartLimit, what: 'OpenID Connect sign-ins' }],
      now,
    );
    if (taken.allowed) return;
    const seconds = Math.max(1, Math.ceil((taken.retryAt - now) / 1000));
    reply.header('retry-after', seconds);
    throw new BridgeError(
      'NB_ERR_RATE_LIMITED',
      `too many OpenID Connect sign-ins started from this address; try again in ${seconds} s`,
    );
  }

  app.get(
    '/auth/oidc/start',
    {
      schema: {
        tags,
        summary: 'Start signing in with OpenID Connect: redirects to the identity provider',
        description:
          'Sets a short-lived cookie with the state (10 minutes, this path only) and redirects to the ' +
          'issuer with PKCE (S256), state and nonce. 404 when OpenID Connect is not configured; 429 ' +
          'after 10 starts a minute from one address.',
        security: [],
        response: { ...redirect, 404: ErrorBodyRef, 429: ErrorBodyRef, 503: ErrorBodyRef },
      },
    },
    (request, reply) =>
      backToSignInOnError(request, reply, async () => {
        const oidc = configured();
        await limitStarts(request.ip, reply);
        const { url, state } = await oidc.begin(callbackUri(request, options));
        reply.setCookie(oidcStateCookie, state, {
          httpOnly: true,
          // Lax: the issuer's redirect back is a top-level GET, which carries it; a cross-site POST would not.
          sameSite: 'lax',
          secure: servedOverHttps(request, options),
          path: cookiePath,
          maxAge: oidcLoginTtlMs / 1000,
        });
        return reply.redirect(url, 302);
      }),
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back; signs in and redirects to /',
        description:
          'Checks the state against the cookie (once, within 10 minutes), redeems the code with the PKCE ' +
          'verifier, checks the ID token and nonce and the groups (NB_OIDC_ALLOWED_GROUPS, ' +
          'NB_OIDC_ADMIN_GROUP), makes the user on the first sign-in, and sets the session cookie.',
        security: [],
        response: { ...redirect, 401: ErrorBodyRef, 403: ErrorBodyRef, 404: ErrorBodyRef, 503: ErrorBodyRef },
      },
    },
    (request, reply) => backToSignInOnError(request, reply, () => finishSignIn(request, reply)),
  );

  async function finishSignIn(request: FastifyRequest, reply: FastifyReply) {
    const oidc = configured();
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const cookieState = request.cookies[oidcStateCookie];
    reply.clearCookie(oidcStateCookie, { path: cookiePath });
    const now = options.clock.now();
    const failure = (detail: Record<string, unknown>, userId?: string) =>
      recordAudit(
        options.database.db,
        now,
        { userId: null, via: 'oidc', address: request.ip },
        {
          action: 'sign-in.failed',
          ...(userId ? { resourceType: 'user', resourceId: userId } : {}),
          detail,
        },
      );
    let identity: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      identity = await oidc.finish(query, cookieState);
    } catch (error) {
      if (error instanceof BridgeError) await failure({ reason: error.code });
      throw error;
    }
    const linked = await linkedUser(options.database, identity, now);
    if (linked.user.disabled_at !== null) {
      await failure({ reason: 'disabled' }, linked.user.id);
      throw new BridgeError('NB_ERR_SIGN_IN_DENIED', 'this account is disabled; ask an admin');
    }
    await recordLink(options, request, linked, 'oidc');
    await startSession(request, reply, linked.user.id, options, 'oidc');
    return reply.redirect('/', 302);
  }
}

/** The callback's address: NB_PUBLIC_URL's when set (behind a proxy), else the one the browser used. */
function callbackUri(request: FastifyRequest, options: ApiOptions): string {
  const origin = options.publicUrl ?? ownOrigins(request, options)[0]!;
  return `${origin}${cookiePath}/callback`;
}
