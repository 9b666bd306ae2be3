import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { anyoneCanSignIn } from '../auth/first-admin.ts';
import type { ApiOptions } from './api-options.ts';

const SignInMethods = Type.Object({
  password: Type.Boolean({ description: 'Sign-in with a name and password (always on).' }),
  oidc: Type.Boolean({ description: 'Sign-in through the OpenID Connect issuer (NB_OIDC_ISSUER is set).' }),
  setupPending: Type.Boolean({
    description: 'Nobody can sign in yet: the first admin comes from the setup link the server printed.',
  }),
});

/** GET /auth/methods: what the sign-in page offers. Public, and says nothing about any account. */
export function signInMethodsRoute(app: FastifyInstance, options: ApiOptions): void {
  app.get(
    '/auth/methods',
    {
      schema: {
        tags: ['accounts'],
        summary: 'How one can sign in here: password, OpenID Connect, or the first-run setup link',
        security: [],
        response: { 200: SignInMethods },
      },
    },
    async () => ({
      password: true,
      oidc: options.oidc !== undefined,
      setupPending: !(await anyoneCanSignIn(options.database)),
    }),
  );
}
