import { type Static, Type } from 'typebox';
import { serverUrlSchema } from '../config-url.ts';

// pushover.net/api: application tokens and user/group keys are 30 characters, case-sensitive letters and digits.
const keyPattern = '^[A-Za-z0-9]{30}$';

export const PushoverTargetConfigSchema = Type.Object(
  {
    token: Type.String({
      pattern: keyPattern,
      description: 'Your application’s API token (pushover.net → Your Applications → Create an Application).',
    }),
    apiUrl: Type.Optional(
      serverUrlSchema("The API's base URL; Pushover's own unless you test against a stand-in.", {
        default: 'https://api.pushover.net/1',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PushoverTargetConfig = Static<typeof PushoverTargetConfigSchema>;

export const PushoverAddressSchema = Type.Object(
  {
    user: Type.String({
      pattern: keyPattern,
      description: 'The user key (shown on your pushover.net dashboard) or a delivery group’s key.',
    }),
    device: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,25}(,[A-Za-z0-9_-]{1,25})*$',
        description: 'Only these devices of the user, comma-separated; all of them when left out.',
      }),
    ),
    sound: Type.Optional(
      Type.String({ pattern: '^[a-z0-9_-]{1,40}$', description: 'A sound name (pushover.net/api#sounds).' }),
    ),
    emergency: Type.Optional(
      Type.Object(
        {
          retry: Type.Integer({ minimum: 30, maximum: 10_800, description: 'Seconds between repeats.' }),
          expire: Type.Integer({ minimum: 30, maximum: 10_800, description: 'Seconds until it stops.' }),
        },
        {
          additionalProperties: false,
          description:
            'Send critical events as emergencies: repeated every `retry` seconds until acknowledged or `expire` runs out.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PushoverAddress = Static<typeof PushoverAddressSchema>;
