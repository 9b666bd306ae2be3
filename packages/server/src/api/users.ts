import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { clearCounter } from '../auth/lockout-store.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { nameCounterKey } from '../auth/sign-in.ts';
import { ownedCounts, removeUser } from '../auth/user-removal.ts';
import { checkedProfile, createUser, findUser, invalidField, type UserRow, userView } from '../auth/users.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, NoContent, PageOf } from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';
import { DisplayName, Locale, Password, ProfileFields, Role, TimeZone, UserView } from './user-schemas.ts';

const CreateUserBody = Type.Object(
  { ...ProfileFields, role: Type.Optional(Role) },
  { additionalProperties: false },
);

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

const UpdateUserBody = Type.Object(
  {
    displayName: nullable(DisplayName),
    locale: nullable(Locale),
    timeZone: nullable(TimeZone),
    role: Type.Optional(Role),
    disabled: Type.Optional(
      Type.Boolean({ description: 'true stops the user’s sessions and tokens at once.' }),
    ),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);

const UpdateMeBody = Type.Object(
  {
    displayName: nullable(DisplayName),
    locale: nullable(Locale),
    timeZone: nullable(TimeZone),
    password: Type.Optional(Password),
    currentPassword: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4096, description: 'Needed to change the password.' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const DeleteQuery = Type.Object({
  handOverTo: Type.Optional(Id),
  resources: Type.Optional(Type.Literal('delete')),
});

const ListQuery = Type.Object({ ...PageQuery });

const Unlocked = Type.Object({
  wasLocked: Type.Boolean({ description: 'The name was locked until now.' }),
  failures: Type.Integer({ description: 'The failures that were counted.' }),
});

/**
 * /users (admins only: the `admin` scope) and PATCH /me (anyone, for themselves). A change of role or
 * password, or disabling, ends the user's sessions; disabled users' tokens are refused by every request.
 * There is always an enabled admin: the last one cannot be demoted, disabled or deleted.
 */
export async function userRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { database, clock } = options;
  const tags = ['accounts'];
  const audit = auditRecorder(options);

  async function loadUser(id: string): Promise<UserRow> {
    const user = await findUser(database, id);
    if (!user) throw notFound('user', id);
    return user;
  }

  /**
   * Stores a user's changes, ends their sessions (but `keep`) when asked, and records it, in one
   * transaction; answers the user as they are now.
   */
  async function updateUser(
    request: FastifyRequest,
    user: UserRow,
    changes: Partial<Omit<UserRow, 'id'>>,
    endSessions: { keep: string | undefined } | undefined,
  ): Promise<ReturnType<typeof userView>> {
    return database.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(changes).where('id', '=', user.id).execute();
      const ended = endSessions
        ? await revokeUserSessions({ ...database, db: trx }, user.id, endSessions.keep)
        : 0;
      const after = userView({ ...user, ...changes });
      await audit(request, trx, {
        action: 'user.update',
        resourceType: 'user',
        resourceId: user.id,
        before: { ...userView(user) },
        after: { ...after },
        detail: accountDetail(changes.password_hash !== undefined, ended),
      });
      return after;
    });
  }

  /** Refuses a change that would leave no enabled admin. */
  async function keepAnAdmin(user: UserRow, what: string): Promise<void> {
    if (user.role !== 'admin' || user.disabled_at !== null) return;
    const others = await database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('id', '!=', user.id)
      .limit(1)
      .executeTakeFirst();
    if (!others) {
      throw new BridgeError(
        'NB_ERR_CONFLICT',
        `cannot ${what} the last enabled admin; make another user admin first`,
      );
    }
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/users',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'List users, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(UserView), ...errorResponses() },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const rows = await database.db.selectFrom('users').selectAll().$call(newestFirst(page)).execute();
      return toPage(rows, page.limit, userView);
    },
  );

  app.post<{ Body: Static<typeof CreateUserBody> }>(
    '/users',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Create a user with a password',
        body: CreateUserBody,
        response: { 201: UserView, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const user = await database.db.transaction().execute(async (trx) => {
        const created = await createUser(
          { ...database, db: trx },
          { ...request.body, role: request.body.role ?? 'member' },
          clock.now(),
        );
        await audit(request, trx, {
          action: 'user.create',
          resourceType: 'user',
          resourceId: created.id,
          after: { ...userView(created) },
        });
        return created;
      });
      return reply.status(201).send(userView(user));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/users/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Get a user',
        params: IdParams,
        response: { 200: UserView, ...errorResponses(404) },
      },
    },
    async (request) => userView(await loadUser(request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateUserBody> }>(
    '/users/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Change a user: profile, role, password, or disable and enable',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const user = await loadUser(request.params.id);
      const body = request.body;
      if (body.role === 'member' && user.id === options.boot.adminUserId) {
        // Every start finds the first admin as the oldest admin (bootstrap.ts): a member there would
        // make the next start take another user for it.
        throw new BridgeError(
          'NB_ERR_CONFLICT',
          'the first admin owns the built-in bridge source and stays an admin; disable it instead',
        );
      }
      if (body.role === 'member') await keepAnAdmin(user, 'demote');
      if (body.disabled === true) await keepAnAdmin(user, 'disable');
      const changes = await profileChanges(body);
      if (body.role !== undefined) changes.role = body.role;
      if (body.disabled !== undefined)
        changes.disabled_at = body.disabled ? (user.disabled_at ?? clock.now()) : null;
      const endsSessions =
        (body.role !== undefined && body.role !== user.role) ||
        body.password !== undefined ||
        body.disabled === true;
      return updateUser(request, user, changes, endsSessions ? { keep: undefined } : undefined);
    },
  );

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof DeleteQuery> }>(
    '/users/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Delete a user, handing their resources to another user or deleting them',
        description:
          'A user who owns sources, targets, templates, rules, silences or events needs an answer: ' +
          '`?handOverTo=<user id>` moves them to that user, `?resources=delete` deletes them. Without ' +
          'one the answer is 409 with the counts in `details`. The first admin (who owns the built-in ' +
          'bridge source) cannot be deleted.',
        params: IdParams,
        querystring: DeleteQuery,
        response: { 204: NoContent, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const user = await loadUser(request.params.id);
      const { handOverTo, resources } = request.query;
      if (user.id === options.boot.adminUserId) {
        throw new BridgeError(
          'NB_ERR_CONFLICT',
          'the first admin owns the built-in bridge source and cannot be deleted; disable it instead',
        );
      }
      if (user.id === scopeOf(request).principal.userId) {
        throw new BridgeError('NB_ERR_CONFLICT', 'you cannot delete yourself; ask another admin');
      }
      await keepAnAdmin(user, 'delete');
      if (handOverTo !== undefined && resources !== undefined) {
        throw invalidField('/handOverTo', 'give either handOverTo or resources=delete, not both');
      }
      if (handOverTo !== undefined) {
        if (handOverTo === user.id) throw invalidField('/handOverTo', 'hand over to another user');
        if (!(await findUser(database, handOverTo))) {
          throw invalidField('/handOverTo', `no user with id "${handOverTo}"`);
        }
      } else if (resources === undefined) {
        const counts = await ownedCounts(database, user.id);
        const owned = Object.entries(counts).filter(([, n]) => n > 0);
        if (owned.length > 0) {
          throw new BridgeError(
            'NB_ERR_CONFLICT',
            `"${user.name}" owns ${owned.map(([table, n]) => `${n} ${table}`).join(', ')}: ` +
              'pass ?handOverTo=<user id> to give them to another user, or ?resources=delete to delete them',
            counts,
          );
        }
      }
      await removeUser(database, user.id, handOverTo);
      // removeUser commits in a transaction of its own, the entry right after.
      await audit(request, database.db, {
        action: 'user.delete',
        resourceType: 'user',
        resourceId: user.id,
        before: { ...userView(user) },
        detail: handOverTo === undefined ? { resources: 'deleted' } : { handedOverTo: handOverTo },
      });
      await options.router.refresh();
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/users/:id/unlock',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Lift a sign-in lockout of the user’s name',
        description:
          'Forgets the failed sign-ins counted on the user’s name, so they may sign in at once. A ' +
          'client address that is locked stays locked.',
        params: IdParams,
        response: { 200: Unlocked, ...errorResponses(404) },
      },
    },
    async (request) => {
      const user = await loadUser(request.params.id);
      return database.db.transaction().execute(async (trx) => {
        const cleared = await clearCounter({ ...database, db: trx }, nameCounterKey(user.name), clock.now());
        await audit(request, trx, {
          action: 'sign-in.unlock',
          resourceType: 'user',
          resourceId: user.id,
          detail: cleared,
        });
        return cleared;
      });
    },
  );

  app.patch<{ Body: Static<typeof UpdateMeBody> }>(
    '/me',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change one’s own display name, locale, time zone or password',
        description: 'A new password needs `currentPassword` and ends the user’s other sessions.',
        body: UpdateMeBody,
        response: { 200: UserView, ...errorResponses() },
      },
    },
    async (request) => {
      const { principal } = scopeOf(request);
      const user = await loadUser(principal.userId);
      const body = request.body;
      if (body.password !== undefined) {
        const current = body.currentPassword;
        const matches =
          current !== undefined &&
          user.password_hash !== null &&
          (await verifyPassword(user.password_hash, current));
        if (!matches) throw invalidField('/currentPassword', 'give your current password to set a new one');
      }
      const { currentPassword: _current, ...rest } = body;
      const changes = await profileChanges(rest);
      // A body of only currentPassword changes nothing.
      if (Object.keys(changes).length === 0) return userView(user);
      const endSessions = body.password === undefined ? undefined : { keep: principal.sessionId };
      return updateUser(request, user, changes, endSessions);
    },
  );
}

/** What a user change did that the user's view does not show; never the password, only that it changed. */
function accountDetail(passwordChanged: boolean, sessionsEnded: number) {
  const detail = {
    ...(passwordChanged ? { passwordChanged: true } : {}),
    ...(sessionsEnded > 0 ? { sessionsEnded } : {}),
  };
  return Object.keys(detail).length > 0 ? detail : undefined;
}

/** The profile fields of a PATCH body as column values, checked; a new password hashed. */
async function profileChanges(body: {
  displayName?: string | null;
  locale?: string | null;
  timeZone?: string | null;
  password?: string;
}): Promise<Partial<Omit<UserRow, 'id'>>> {
  const checked = checkedProfile(body);
  const changes: Partial<Omit<UserRow, 'id'>> = {};
  if (body.displayName !== undefined) changes.display_name = body.displayName?.trim() || null;
  if (checked.locale !== undefined) changes.locale = checked.locale;
  if (body.timeZone !== undefined) changes.time_zone = body.timeZone;
  if (body.password !== undefined) changes.password_hash = await hashPassword(body.password);
  return changes;
}
