import { type Static, Type } from 'typebox';

export const defaultNtfyServer = 'https://ntfy.sh';

export const NtfyTargetConfigSchema = Type.Refine(
  Type.Object(
    {
      server: Type.Optional(
        Type.Refine(
          Type.String({
            format: 'uri',
            pattern: '^https?://',
            default: defaultNtfyServer,
            description: 'The ntfy server (its root URL). Default https://ntfy.sh.',
          }),
          (url) => !hasUserInfo(url),
          () => 'must not carry user:password@; set username and password (or token) instead',
        ),
      ),
      token: Type.Optional(
        Type.String({
          minLength: 1,
          pattern: '^[\\x21-\\x7e]+$',
          description:
            'Access token (`tk_...`), sent as a bearer token. Takes precedence over username/password.',
        }),
      ),
      username: Type.Optional(
        // RFC 7617 §2: the user-id of basic auth cannot contain a colon.
        Type.String({
          minLength: 1,
          pattern: '^[^:\\r\\n]+$',
          description: 'For basic auth, with password.',
        }),
      ),
      password: Type.Optional(
        Type.String({ minLength: 1, pattern: '^[^\\r\\n]+$', description: 'For basic auth, with username.' }),
      ),
    },
    { additionalProperties: false },
  ),
  (config) => (config.username === undefined) === (config.password === undefined),
  () => 'username and password go together: set both for basic auth, or neither',
);
export type NtfyTargetConfig = Static<typeof NtfyTargetConfigSchema>;

export const NtfyAddressSchema = Type.Object(
  {
    // ntfy's own topic rule (server.go topicRegex): 1 to 64 of A-Z a-z 0-9 _ -.
    topic: Type.String({ pattern: '^[-_A-Za-z0-9]{1,64}$', description: 'The topic to publish to.' }),
  },
  { additionalProperties: false },
);
export type NtfyAddress = Static<typeof NtfyAddressSchema>;

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false; // `format: 'uri'` reports it
  }
}
