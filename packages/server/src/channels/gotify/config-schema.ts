import { type Static, Type } from 'typebox';
import { serverUrlSchema } from '../config-url.ts';

export const GotifyTargetConfigSchema = Type.Object(
  {
    server: serverUrlSchema(
      'The Gotify server: its root URL, with the path prefix when it is served under one (https://host/gotify).',
    ),
    token: Type.String({
      minLength: 1,
      // Sent as a header value: printable ASCII, no spaces.
      pattern: '^[\\x21-\\x7e]+$',
      description: "An application's token (Gotify UI → Apps → the app's token), sent as X-Gotify-Key.",
    }),
  },
  { additionalProperties: false },
);
export type GotifyTargetConfig = Static<typeof GotifyTargetConfigSchema>;

/** The application token names the destination: a Gotify receiver has no address of its own. */
export const GotifyAddressSchema = Type.Object({}, { additionalProperties: false });
export type GotifyAddress = Static<typeof GotifyAddressSchema>;
