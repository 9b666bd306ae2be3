import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { EffectiveSetting } from '../config.ts';
import { errorResponses } from './schemas.ts';

const SettingView = Type.Object({
  env: Type.String({ description: 'The environment variable, e.g. `NB_DISPATCH_CONCURRENCY`.' }),
  key: Type.String({ description: 'The key in the JSON config file (NB_CONFIG_FILE).' }),
  value: Type.String({
    description: 'The value in force, as text. A secret is `set` or empty; a URL’s password is `***`.',
  }),
  from: Type.Union([Type.Literal('environment'), Type.Literal('file'), Type.Literal('default')]),
  secret: Type.Boolean(),
  doc: Type.String(),
});

const SettingsView = Type.Object({ settings: Type.Array(SettingView) });

/** GET /settings: the instance's configuration as this server runs with it, for admins; secrets hidden. */
export async function settingsRoutes(
  app: FastifyInstance,
  options: { effective: readonly EffectiveSetting[] },
): Promise<void> {
  app.get(
    '/settings',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'The configuration in force, each setting with where it came from (secrets hidden)',
        description:
          'Read at start from the environment and the optional NB_CONFIG_FILE; changing a setting ' +
          'takes a restart. Secrets (the admin token, the secret key, the OpenID client secret, the ' +
          'database password) are never sent.',
        response: { 200: SettingsView, ...errorResponses() },
      },
    },
    async () => ({ settings: options.effective }),
  );
}
