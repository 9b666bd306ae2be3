import { createHash } from 'node:crypto';
import { type Static, Type } from 'typebox';
import type { Severity, SourceEvent } from '../../domain/event.ts';
import { maybe, maybeText, shapeProblem } from '../payload-shape.ts';
import type { IngressHead, IngressParse, IngressRequest, SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseJsonText } from '../webhook/body.ts';

export const NtfySourceConfigSchema = Type.Object(
  {
    topic: Type.String({ pattern: '^[-_A-Za-z0-9]{1,64}$', description: 'The topic senders publish to.' }),
    token: Type.Optional(
      Type.String({
        minLength: 8,
        description: 'Access token senders must present (Bearer, Basic password or ?auth=).',
      }),
    ),
    public: Type.Optional(
      Type.Boolean({ description: 'Accept publishing without a token, as ntfy allows.' }),
    ),
  },
  { additionalProperties: false },
);
export type NtfySourceConfig = Static<typeof NtfySourceConfigSchema>;

// A Map, so a priority named "constructor" is not found on Object.prototype.
const priorities = new Map(Object.entries({ min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 }));
const severities: Severity[] = ['debug', 'info', 'info', 'warning', 'critical'];
const priorityProblem = 'priority must be 1–5 or one of min, low, default, high, max, urgent';

/** ntfy's priority from a number or its names (docs.ntfy.sh/publish/#message-priority); 0 is the default. */
function priorityOf(value: number | string | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return 3;
  const number = typeof value === 'number' ? value : (priorities.get(value.toLowerCase()) ?? Number(value));
  if (!Number.isInteger(number) || number < 0 || number > 5) return undefined;
  return number === 0 ? 3 : number;
}

/** JSON publishing as toEvent reads it (docs.ntfy.sh/publish/#publish-as-json). */
const JsonPublishSchema = Type.Object({
  topic: Type.String(),
  message: maybeText(),
  title: maybeText(),
  tags: maybe(Type.Array(Type.String())),
  priority: maybe(Type.Union([Type.Number(), Type.String()])),
  click: maybeText(),
  attach: maybeText(),
  filename: maybeText(),
  markdown: maybe(Type.Boolean()),
});

/** A publish parameter by any of the names ntfy accepts: header, X- header, or query (docs.ntfy.sh/publish). */
function param(head: IngressHead, names: string[]): string | undefined {
  for (const name of names) {
    const value = head.headers[name] ?? head.headers[`x-${name}`] ?? head.query[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The credentials of a request the way ntfy clients send them: Bearer, Basic (password) or `?auth=`. */
function presentedToken(head: IngressHead): string | undefined {
  let header = head.headers.authorization;
  // ?auth= is the base64 of a whole Authorization header value (docs.ntfy.sh/publish/#query-param).
  if (!header && head.query.auth) header = Buffer.from(head.query.auth, 'base64url').toString('utf8');
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':');
  return undefined;
}

interface JsonPublish {
  topic?: string;
  message?: string;
  title?: string;
  tags?: string[];
  priority?: number | string;
  click?: string;
  attach?: string;
  filename?: string;
  markdown?: boolean;
}

/** A JSON object with a `topic` is JSON publishing; anything else is a message body. */
function parseJsonPublish(raw: Buffer): Record<string, unknown> | undefined {
  const parsed = parseJsonText(raw.toString('utf8'));
  const value = parsed.ok ? parsed.payload.value : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'topic' in value
    ? (value as Record<string, unknown>)
    : undefined;
}

function topicOfBody(raw: Buffer): string | undefined {
  const topic = parseJsonPublish(raw)?.topic;
  return typeof topic === 'string' ? topic : undefined;
}

function publish(fields: JsonPublish, topic: string): IngressParse {
  const priority = priorityOf(fields.priority);
  if (priority === undefined) return { ok: false, code: 'NB_ERR_VALIDATION', message: priorityProblem };
  return { ok: true, events: [toEvent(fields, priority, topic)] };
}

function toEvent(fields: JsonPublish, priority: number, topic: string): SourceEvent {
  const url = fields.click && /^https?:\/\//.test(fields.click) ? fields.click : undefined;
  const attachment = fields.attach && /^https?:\/\//.test(fields.attach) ? fields.attach : undefined;
  return {
    type: 'ntfy.message',
    title: fields.title || topic,
    body: fields.message || 'triggered',
    severity: severities[priority - 1]!,
    url,
    tags: (fields.tags ?? []).slice(0, 20).map(String),
    attachments: attachment
      ? [{ url: attachment, ...(fields.filename ? { name: fields.filename } : {}) }]
      : [],
    data: { ...fields, topic, priority, markdown: fields.markdown === true },
  };
}

/**
 * Drop-in ntfy server for publishers: `PUT`/`POST /ntfy/<topic>` with the body as message and ntfy's
 * headers or query parameters, and JSON publishing to the root (`POST /` with `{"topic": ...}`), which is
 * what Apprise's ntfy:// does. Answers with the message JSON ntfy returns. Every publish is a new event.
 */
export const ntfySource: SourceKind<NtfySourceConfig> = {
  kind: 'ntfy',
  description: 'Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /).',
  configSchema: NtfySourceConfigSchema,
  secretFields: ['token'],
  ingressKey: (config) => config.topic,
  validateConfig: (config) =>
    config.token || config.public ? undefined : 'set a token, or public: true to accept anyone',
  ingress: {
    routes: [
      // Without a token the topic is the only secret: ntfy tells users to pick one nobody can guess.
      {
        methods: ['PUT', 'POST'],
        url: '/ntfy/:topic',
        key: (params) => params.topic,
        credentialParams: ['topic'],
      },
      {
        methods: ['POST'],
        url: '/',
        key: () => undefined,
        keyFromBody: topicOfBody,
      },
    ],
    credentials: { query: ['auth'], headers: ['authorization'] },
    authenticate(head, config) {
      if (config.public && !config.token) return { ok: true };
      const token = presentedToken(head);
      return token && config.token && constantTimeEqual(token, config.token)
        ? { ok: true }
        : { ok: false, code: 'NB_ERR_FORBIDDEN', message: 'forbidden' };
    },
    parse(request: IngressRequest, config) {
      const json =
        request.headers['content-type']?.includes('json') || !request.headers['x-title']
          ? parseJsonPublish(request.rawBody)
          : undefined;
      if (json) {
        const problem = shapeProblem(JsonPublishSchema, json, 'ntfy JSON publishing');
        return problem ?? publish(json as JsonPublish, config.topic);
      }
      const tags = param(request, ['tags', 'tag', 'ta']);
      const markdown = param(request, ['markdown', 'md']);
      return publish(
        {
          message: request.rawBody.toString('utf8').trim(),
          title: param(request, ['title', 't']),
          tags: tags
            ? tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
          priority: param(request, ['priority', 'prio', 'p']),
          click: param(request, ['click']),
          attach: param(request, ['attach', 'a']),
          filename: param(request, ['filename', 'file', 'f']),
          markdown: ['1', 'yes', 'true'].includes((markdown ?? '').toLowerCase()),
        },
        config.topic,
      );
    },
    respond(result, request, config) {
      const id = createHash('sha256').update(result.events[0]!.id).digest('base64url').slice(0, 12);
      const time = Math.floor(Date.now() / 1000);
      const json = parseJsonPublish(request.rawBody);
      return {
        status: 200,
        body: {
          id,
          time,
          expires: time + 12 * 3600,
          event: 'message',
          topic: config.topic,
          message: json?.topic === config.topic ? json.message : request.rawBody.toString('utf8').trim(),
        },
      };
    },
    respondError(error) {
      // ntfy's error JSON: {"code": 40301, "http": 403, "error": "forbidden"}.
      const status = error.status === 404 ? 403 : error.status;
      return {
        status,
        body: { code: status * 100 + 1, http: status, error: status === 403 ? 'forbidden' : error.message },
      };
    },
  },
};
