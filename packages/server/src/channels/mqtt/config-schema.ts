import { type Static, Type } from 'typebox';

/** What a publish topic may not hold (MQTT 3.1.1 §4.7: wildcards are for subscriptions; NUL is never allowed). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be refused.
export const topicForbidden = /[+#\u0000]/;

export const MqttTargetConfigSchema = Type.Object(
  {
    url: Type.Refine(
      Type.String({
        format: 'uri',
        pattern: '^mqtts?://[^/]+/?$',
        description:
          'The broker: mqtt://host:1883, or mqtts://host:8883 for TLS. No path, no user:password@.',
      }),
      (url) => !/^mqtts?:\/\/[^/]*@/.test(url),
      () => 'must not carry user:password@; use the username and password fields',
    ),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Sealed at rest.' })),
    clientId: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]{1,64}$',
        description: 'The client id this node connects with; a random one per connection when left out.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MqttTargetConfig = Static<typeof MqttTargetConfigSchema>;

export const MqttAddressSchema = Type.Object(
  {
    topic: Type.Refine(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description:
          'Where to publish; `{type}`, `{severity}` and `{eventId}` are replaced by the event’s, e.g. `home/alerts/{severity}`.',
      }),
      (topic) => !topicForbidden.test(topic),
      () => 'must not contain + or # (wildcards are for subscribing) or NUL',
    ),
    qos: Type.Optional(
      Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], {
        description:
          '0 at most once, 1 at least once (the default), 2 exactly once between us and the broker.',
      }),
    ),
    retain: Type.Optional(
      Type.Boolean({ description: 'The broker keeps the last message for new subscribers (default false).' }),
    ),
    payload: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('text')], {
        description:
          '`json` (the default): the event’s fields as one object; `text`: the rendered title and body.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MqttAddress = Static<typeof MqttAddressSchema>;
