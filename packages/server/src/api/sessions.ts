import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { type AuditEntry, type AuditVia, recordAudit } from '../auth/audit-log.ts';
import { csrfProblem } from '../auth/csrf.ts';
import {
  createSession,
  listSessions,
  revokeSession,
  revokeUserSessions,
  type SessionRow,
} from '../auth/sessions.ts';
import { type SignInResult, signIn } from '../auth/sign-in.ts';
import { findUser, userView } from '../auth/users.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { ErrorBodyRef, errorResponses, Id, IdParams, IsoTime, iso, NoContent } from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';
import { clearSessionCookie, ownOrigins, setSessionCookie } from './session-cookie.ts';
import { UserName, UserView } from './user-schemas.ts';

const SignInBody = Type.Object(
  { name: UserName, password: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

export const SignedIn = Type.Object({
  user: UserView,
  session: Type.Object({ id: Id, expiresAt: IsoTime }),
});

const SessionView = Type.Object({
  id: Id,
  createdAt: IsoTime,
  lastSeenAt: IsoTime,
  expiresAt: IsoTime,
  userAgent: Type.String(),
  current: Type.Boolean({ description: 'The session this request came with.' }),
});

function sessionView(row: SessionRow, currentId: string | undefined) {
  return {
    id: row.id,
    createdAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    expiresAt: iso(row.expires_at),
    userAgent: row.user_agent,
    current: row.id === currentId,
  };
}

/**
 * Starts a session for a user who just proved who they are (`via` a password, the setup link, OpenID
 * Connect) and sets its cookie; the session and its `sign-in.ok` audit entry commit together.
 */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  options: ApiOptions,
  via: AuditVia,
) {
  const now = options.clock.now();
  const { database } = options;
  const { token, session } = await database.db.transaction().execute(async (trx) => {
    const created = await createSession(
      { ...database, db: trx },
      userId,
      request.headers['user-agent'],
      now,
      options.sessions,
    );
    await recordAudit(
      trx,
      now,
      { userId, via, address: request.ip },
      { action: 'sign-in.ok', resourceType: 'session', resourceId: created.session.id },
    );
    return created;
  });
  setSessionCookie(request, reply, token, options.sessions.maxMs, options);
  return { id: session.id, expiresAt: iso(session.expires_at) };
}

/**
 * `POST /auth/sign-in`: public, beside setup. It passes the same CSRF check as a signed-in change, so no
 * other site can sign a visitor into an account of its choosing.
 */
export function signInRoute(app: FastifyInstance, options: ApiOptions): void {
  app.post<{ Body: Static<typeof SignInBody> }>(
    '/auth/sign-in',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with a name and password; sets the session cookie',
        description:
          'Needs the `X-Notify-Bridge: 1` header and an `Origin` of this server, like every signed-in ' +
          'change. Unknown names and wrong passwords get the same 401. Failures are counted per name ' +
          'and per client address: 5 in a row lock the name for 1 minute, doubling up to 1 hour (20 for ' +
          'an address), answered 429 with `Retry-After`.',
        security: [],
        body: SignInBody,
        response: {
          200: SignedIn,
          400: ErrorBodyRef,
          401: ErrorBodyRef,
          403: ErrorBodyRef,
          429: ErrorBodyRef,
        },
      },
    },
    async (request, reply) => {
      const csrf = csrfProblem(request, ownOrigins(request, options));
      if (csrf) throw new BridgeError('NB_ERR_FORBIDDEN', csrf);
      const now = options.clock.now();
      const result = await signIn(
        options.database,
        { name: request.body.name, password: request.body.password, address: request.ip },
        now,
      );
      if (!result.ok) {
        if (result.reason === 'locked') {
          reply.header('retry-after', Math.ceil(result.retryAfterMs / 1000));
          throw new BridgeError(
            'NB_ERR_TOO_MANY_ATTEMPTS',
            `too many failed sign-ins; try again in ${Math.ceil(result.retryAfterMs / 1000)} s`,
          );
        }
        if (result.lockedForMs > 0) {
          // The name is what was typed, not a secret; the address says where the guessing comes from.
          request.log.warn(
            { address: request.ip, lockedForMs: result.lockedForMs },
            'sign-in locked after repeated failures',
          );
        }
        await recordAudit(options.database.db, now, anonymous(request), signInFailure(result));
        throw new BridgeError('NB_ERR_UNAUTHORIZED', 'the name or the password is wrong');
      }
      const session = await startSession(request, reply, result.user.id, options, 'password');
      return { user: userView(result.user), session };
    },
  );
}

/** Signed-in routes: who am I, my sessions, sign out. */
export async function sessionRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { database } = options;
  const tags = ['accounts'];
  const audit = auditRecorder(options);

  app.get(
    '/me',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'The signed-in user (or the token’s)',
        response: { 200: UserView, ...errorResponses() },
      },
    },
    async (request) => {
      const user = await findUser(database, scopeOf(request).principal.userId);
      if (!user) throw new BridgeError('NB_ERR_UNAUTHORIZED', 'the user is gone');
      return userView(user);
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'End this session and clear its cookie',
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { principal } = scopeOf(request);
      if (principal.sessionId && (await revokeSession(database, principal.userId, principal.sessionId))) {
        await audit(request, database.db, {
          action: 'session.revoke',
          resourceType: 'session',
          resourceId: principal.sessionId,
          detail: { signOut: true },
        });
      }
      clearSessionCookie(request, reply, options);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'End every session of the user, this one included',
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { principal } = scopeOf(request);
      await database.db.transaction().execute(async (trx) => {
        const ended = await revokeUserSessions({ ...database, db: trx }, principal.userId);
        await audit(request, trx, {
          action: 'session.revoke-all',
          resourceType: 'user',
          resourceId: principal.userId,
          detail: { sessionsEnded: ended },
        });
      });
      clearSessionCookie(request, reply, options);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List the user’s sessions, newest first',
        response: { 200: Type.Object({ items: Type.Array(SessionView) }), ...errorResponses() },
      },
    },
    async (request) => {
      const { principal } = scopeOf(request);
      const rows = await listSessions(database, principal.userId);
      const now = options.clock.now();
      const live = rows.filter(
        (row) => now < row.expires_at && now - row.last_seen_at < options.sessions.idleMs,
      );
      return { items: live.map((row) => sessionView(row, principal.sessionId)) };
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/auth/sessions/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'End one of the user’s sessions',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { principal } = scopeOf(request);
      await database.db.transaction().execute(async (trx) => {
        if (!(await revokeSession({ ...database, db: trx }, principal.userId, request.params.id))) {
          throw notFound('session', request.params.id);
        }
        await audit(request, trx, {
          action: 'session.revoke',
          resourceType: 'session',
          resourceId: request.params.id,
        });
      });
      return reply.status(204).send();
    },
  );
}

function anonymous(request: FastifyRequest) {
  return { userId: null, via: 'password' as const, address: request.ip };
}

/**
 * A refused sign-in for the audit log. The name typed is kept only when a user has it (as that user's
 * id): an unknown "name" is often a password typed into the wrong field. Refusals while locked are
 * answered without a row each, so a locked-out guesser cannot fill the log; the failure that started
 * the lock is `sign-in.locked`.
 */
function signInFailure(result: Extract<SignInResult, { reason: 'wrong' }>): AuditEntry {
  return {
    action: result.lockedForMs > 0 ? 'sign-in.locked' : 'sign-in.failed',
    ...(result.userId === undefined
      ? { detail: { knownName: false } }
      : { resourceType: 'user', resourceId: result.userId }),
    ...(result.lockedForMs > 0
      ? { detail: { knownName: result.userId !== undefined, lockedForMs: result.lockedForMs } }
      : {}),
  };
}
