import { type Static, Type } from 'typebox';

/** Close to what mail servers take: one @, no spaces or angle brackets; the server has the final say. */
const emailPattern = '^[^\\s@<>(),;:"]+@[^\\s@<>(),;:"]+\\.[^\\s@<>(),;:"]+$';

export const EmailTargetConfigSchema = Type.Object(
  {
    host: Type.String({
      pattern: '^[A-Za-z0-9.:\\[\\]-]{1,253}$',
      description: 'The SMTP server (smtp.example.com), as named in its certificate.',
    }),
    port: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 65535,
        description: 'Default 587 for starttls, 465 for tls, 25 for none.',
      }),
    ),
    security: Type.Optional(
      Type.Union([Type.Literal('starttls'), Type.Literal('tls'), Type.Literal('none')], {
        description:
          '`starttls` (the default): plain connect, then TLS is required; `tls`: TLS from the first byte (port 465); `none`: TLS only if the server offers it.',
      }),
    ),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Sealed at rest.' })),
    from: Type.String({
      minLength: 3,
      maxLength: 320,
      pattern: '^([^<>\\r\\n]*<[^\\s@<>]+@[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+)$',
      description: 'The sender: alerts@example.com or "notify-bridge <alerts@example.com>".',
    }),
    tlsCa: Type.Optional(
      Type.String({
        pattern: '-----BEGIN CERTIFICATE-----',
        maxLength: 65_536,
        description:
          'A CA certificate (PEM) to trust besides the system ones, for a server with a private CA.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EmailTargetConfig = Static<typeof EmailTargetConfigSchema>;

const Addresses = Type.Array(Type.String({ pattern: emailPattern, maxLength: 320 }), { maxItems: 50 });

export const EmailAddressSchema = Type.Object(
  {
    to: Type.Array(Type.String({ pattern: emailPattern, maxLength: 320 }), { minItems: 1, maxItems: 50 }),
    cc: Type.Optional(Addresses),
  },
  { additionalProperties: false },
);
export type EmailAddress = Static<typeof EmailAddressSchema>;
