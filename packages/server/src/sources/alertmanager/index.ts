import { type Static, Type } from 'typebox';
import type { TemplateBodies } from '../../render/message.ts';
import { shapeProblem } from '../payload-shape.ts';
import { yamlWord } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';
import { type AlertmanagerPayload, mapAlerts } from './map-alerts.ts';
import { AlertmanagerPayloadSchema } from './payload-schema.ts';

export const AlertmanagerSourceConfigSchema = Type.Object(
  {
    auth: Type.Union([Type.Literal('none'), Type.Literal('bearer'), Type.Literal('basic')], {
      default: 'none',
      description:
        'How Alertmanager authenticates: its http_config `authorization` (bearer) or `basic_auth`.',
    }),
    username: Type.Optional(Type.String({ minLength: 1, description: 'basic_auth username.' })),
    secret: Type.Optional(
      Type.String({ minLength: 16, description: 'The bearer credentials or basic_auth password.' }),
    ),
  },
  { additionalProperties: false },
);
export type AlertmanagerSourceConfig = Static<typeof AlertmanagerSourceConfigSchema>;

const templates: Record<string, TemplateBodies> = {
  'alert.firing': {
    title: '🔥 FIRING: {{ event.title }}',
    text: '🔥 FIRING: {{ event.title }}{% if event.body != "" %}\n{{ event.body }}{% endif %}{% if event.url %}\n{{ event.url }}{% endif %}',
    markdown:
      '🔥 **FIRING: {{ event.title | escape_markdown }}**{% if event.body != "" %}\n{{ event.body | escape_markdown }}{% endif %}{% if event.url %}\n[Source]({{ event.url | escape_markdown_url }}){% endif %}',
    html: '🔥 <b>FIRING: {{ event.title }}</b>{% if event.body != "" %}\n{{ event.body }}{% endif %}{% if event.url %}\n<a href="{{ event.url }}">Source</a>{% endif %}',
  },
  'alert.resolved': {
    title: '✅ RESOLVED: {{ event.title }}',
    text: '✅ RESOLVED: {{ event.title }}',
    markdown: '✅ **RESOLVED: {{ event.title | escape_markdown }}**',
    html: '✅ <b>RESOLVED: {{ event.title }}</b>',
  },
};

/** Prometheus Alertmanager's webhook receiver: one event per alert of a notification. */
export const alertmanagerSource: SourceKind<AlertmanagerSourceConfig> = {
  kind: 'alertmanager',
  description: 'Prometheus Alertmanager webhook receiver (one event per firing or resolved alert).',
  configSchema: AlertmanagerSourceConfigSchema,
  secretFields: ['secret'],
  defaultTemplates: templates,
  eventTypes: ['alert.firing', 'alert.resolved'],
  recipe({ hookUrl, config }) {
    const auth = config.auth ?? 'none';
    const credentials =
      auth === 'bearer'
        ? ['        http_config:', '          authorization:', "            credentials: '<secret>'"]
        : auth === 'basic'
          ? [
              '        http_config:',
              '          basic_auth:',
              `            username: ${yamlWord(config.username ?? '')}`,
              "            password: '<secret>'",
            ]
          : [];
    return {
      format: 'yaml',
      text: [
        '# alertmanager.yml: send every alert (or a sub-route) to this source',
        'route:',
        '  receiver: notify-bridge',
        'receivers:',
        '  - name: notify-bridge',
        '    webhook_configs:',
        `      - url: ${yamlWord(hookUrl)}`,
        '        send_resolved: true',
        ...credentials,
      ].join('\n'),
    };
  },
  validateConfig(config) {
    if ((config.auth ?? 'none') !== 'none' && !config.secret) return `auth "${config.auth}" needs a secret`;
    if (config.auth === 'basic' && !config.username) return 'auth "basic" needs a username';
    return undefined;
  },
  ingress: {
    credentials: { headers: ['authorization'] },
    authenticate(head, config) {
      const mode = config.auth ?? 'none';
      if (mode === 'none') return { ok: true };
      const header = head.headers.authorization ?? '';
      const expected =
        mode === 'bearer'
          ? `Bearer ${config.secret}`
          : `Basic ${Buffer.from(`${config.username}:${config.secret}`).toString('base64')}`;
      // The scheme word is case-insensitive (RFC 9110 §11.1); the credentials are compared in constant time.
      const [scheme, ...rest] = header.split(' ');
      const received = `${scheme ? scheme[0]!.toUpperCase() + scheme.slice(1).toLowerCase() : ''} ${rest.join(' ')}`;
      if (!header || !constantTimeEqual(received, expected)) {
        return {
          ok: false,
          code: 'NB_ERR_UNAUTHORIZED',
          message: `send the ${mode} credentials configured for this source`,
        };
      }
      return { ok: true };
    },
    parse(request) {
      const body = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
      if (!body.ok) return body;
      const payload = body.payload.value as Partial<AlertmanagerPayload> | null;
      if (body.payload.kind !== 'json' || typeof payload !== 'object' || payload === null) {
        return {
          ok: false,
          code: 'NB_ERR_VALIDATION',
          message: 'an Alertmanager notification is a JSON object',
        };
      }
      if (payload.version !== '4') {
        return {
          ok: false,
          code: 'NB_ERR_VALIDATION',
          message: `expected Alertmanager webhook version "4", got ${JSON.stringify(payload.version ?? null).slice(0, 40)}`,
        };
      }
      if (!Array.isArray(payload.alerts)) {
        return { ok: false, code: 'NB_ERR_VALIDATION', message: '`alerts` must be an array' };
      }
      const problem = shapeProblem(AlertmanagerPayloadSchema, payload, 'an Alertmanager notification');
      if (problem) return problem;
      return { ok: true, events: mapAlerts(payload as AlertmanagerPayload) };
    },
  },
};
