import { type Static, Type } from 'typebox';
import { bearerTokenSchema } from '../bearer-token.ts';
import { serverUrlSchema } from '../config-url.ts';

export const MatrixTargetConfigSchema = Type.Object(
  {
    homeserver: serverUrlSchema(
      "The homeserver's client-server API URL, e.g. https://matrix.example.org (where clients connect; with .well-known delegation that may differ from the name in user ids).",
    ),
    accessToken: bearerTokenSchema(
      "The sending account's access token (Element: Settings → Help & About → Access Token, or POST /_matrix/client/v3/login). Sealed at rest.",
    ),
  },
  { additionalProperties: false },
);
export type MatrixTargetConfig = Static<typeof MatrixTargetConfigSchema>;

export const MatrixAddressSchema = Type.Object(
  {
    room: Type.String({
      // spec.matrix.org appendices#room-ids and #room-aliases: `!opaque[:server]` (room version 12 ids
      // carry no server name) or `#localpart:server`.
      pattern: '^(![\\x21-\\x7e]{1,254}|#[^:\\s]{1,200}:[\\x21-\\x7e]{1,254})$',
      description:
        'The room: its id (!abc123:example.org, room settings → Advanced) or an alias (#ops:example.org). The account must have joined it.',
    }),
    notice: Type.Optional(
      Type.Boolean({
        description:
          'Send as m.notice (what bots send; clients do not notify for notices by default) instead of m.text. A silent receiver always gets notices.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MatrixAddress = Static<typeof MatrixAddressSchema>;
