import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { claimFirstAdmin } from '../auth/first-admin.ts';
import { userView } from '../auth/users.ts';
import type { ApiOptions } from './api-options.ts';
import { ErrorBodyRef } from './schemas.ts';
import { SignedIn, startSession } from './sessions.ts';
import { ProfileFields } from './user-schemas.ts';

const SetupBody = Type.Object(
  {
    token: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The `nbs_...` token of the setup link the server printed (the part after `#token=`).',
    }),
    ...ProfileFields,
  },
  { additionalProperties: false },
);

/**
 * `POST /setup`: the first run's one-time link names the first admin and sets its password. Public (the
 * setup token is the credential), so it sits beside the OpenAPI document, outside the authenticated routes.
 */
export function setupRoute(app: FastifyInstance, options: ApiOptions): void {
  app.post<{ Body: Static<typeof SetupBody> }>(
    '/setup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create the first admin with the one-time setup link; signs them in',
        description:
          'Works while nobody can sign in yet, with a token the server printed on start (valid 1 h). ' +
          'The first admin keeps the bridge source and the admin API token made on the first start.',
        security: [],
        body: SetupBody,
        response: { 201: SignedIn, 400: ErrorBodyRef, 401: ErrorBodyRef, 409: ErrorBodyRef },
      },
    },
    async (request, reply) => {
      const { token, ...profile } = request.body;
      const admin = await claimFirstAdmin(options.database, profile, options.clock.now(), token);
      const session = await startSession(request, reply, admin.id, options, 'setup');
      return reply.status(201).send({ user: userView(admin), session });
    },
  );
}
