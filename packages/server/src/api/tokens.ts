import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { createApiToken, listApiTokens, revokeApiToken, type TokenRecord } from '../auth/token-store.ts';
import { invalidField } from '../auth/users.ts';
import { BridgeError } from '../errors.ts';
import { roleScope, scopeAllows, tokenScopes } from '../security/token-scopes.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { PageQuery, pageRequest, toPage } from './pagination.ts';
import {
  errorResponses,
  Id,
  IdParams,
  IsoTime,
  iso,
  isoOrNull,
  NoContent,
  NullableIsoTime,
  PageOf,
} from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';

const Scopes = Type.Array(Type.Enum(tokenScopes), {
  minItems: 1,
  maxItems: tokenScopes.length,
  uniqueItems: true,
  description:
    '`read` sees rows, `write` also changes them, `admin` also reaches every user’s rows and the users ' +
    '(an admin’s tokens only). A token never gets more than the credentials that create it.',
});

const TokenView = Type.Object({
  id: Id,
  userId: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  scopes: Type.Array(Type.Enum(tokenScopes)),
  createdAt: IsoTime,
  lastUsedAt: NullableIsoTime,
  expiresAt: NullableIsoTime,
  revokedAt: NullableIsoTime,
});

const CreatedToken = Type.Object({
  ...TokenView.properties,
  token: Type.String({ description: 'The token (`nbt_...`): shown this once, stored only as its SHA-256.' }),
});

const CreateToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Scopes,
    expiresAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When it stops working; absent or null for never.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object({ ...PageQuery });

function view(token: TokenRecord) {
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: iso(token.createdAt),
    lastUsedAt: isoOrNull(token.lastUsedAt),
    expiresAt: isoOrNull(token.expiresAt),
    revokedAt: isoOrNull(token.revokedAt),
  };
}

/** /tokens: a user's API tokens, for scripts and other services (a browser uses its session). */
export async function tokenRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { database } = options;
  const tags = ['accounts'];
  const audit = auditRecorder(options);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/tokens',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List API tokens, newest first (an admin scope sees every user’s)',
        querystring: ListQuery,
        response: { 200: PageOf(TokenView), ...errorResponses() },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const rows = await listApiTokens(database, {
        userId: scopeOf(request).ownerId,
        beforeId: page.beforeId,
        limit: page.limit + 1,
      });
      return toPage(rows, page.limit, view);
    },
  );

  app.post<{ Body: Static<typeof CreateToken> }>(
    '/tokens',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create an API token of the caller; the answer shows it once',
        body: CreateToken,
        response: { 201: CreatedToken, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { principal } = scopeOf(request);
      const now = options.clock.now();
      const { name, scopes } = request.body;
      let expiresAt: number | null = null;
      if (request.body.expiresAt) {
        expiresAt = Date.parse(request.body.expiresAt);
        if (!(expiresAt > now)) throw invalidField('/expiresAt', 'must be in the future');
      }
      for (const scope of scopes) {
        if (!scopeAllows(roleScope(principal.role), scope)) {
          throw invalidField('/scopes', `only an admin’s token can have the "${scope}" scope`);
        }
        if (!scopeAllows(principal.granted, scope)) {
          throw new BridgeError(
            'NB_ERR_FORBIDDEN',
            `these credentials grant only "${principal.granted}"; a token they create cannot have "${scope}"`,
          );
        }
      }
      const created = await database.db.transaction().execute(async (trx) => {
        const made = await createApiToken(
          { ...database, db: trx },
          { userId: principal.userId, name, scopes, expiresAt },
          now,
        );
        // Not even the prefix: the log keeps no part of a token.
        const { prefix: _prefix, ...shown } = view(made.record);
        await audit(request, trx, {
          action: 'token.create',
          resourceType: 'token',
          resourceId: made.record.id,
          after: shown,
        });
        return made;
      });
      return reply.status(201).send({ ...view(created.record), token: created.token });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/tokens/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Revoke an API token; it stops working at once',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      await database.db.transaction().execute(async (trx) => {
        const now = options.clock.now();
        const revoked = await revokeApiToken({ ...database, db: trx }, request.params.id, scope.ownerId, now);
        if (!revoked) throw notFound('API token', request.params.id);
        await audit(request, trx, {
          action: 'token.revoke',
          resourceType: 'token',
          resourceId: request.params.id,
        });
      });
      return reply.status(204).send();
    },
  );
}
