import { type Static, Type } from 'typebox';
import type { Attachment, Severity, SourceEvent } from '../../domain/event.ts';
import { maybe, maybeText, shapeProblem } from '../payload-shape.ts';
import { curl } from '../sender-recipe.ts';
import type { IngressHead, IngressParse, IngressRequest, SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseJsonText } from '../webhook/body.ts';
import { type PublishBody, publishBody } from './file-body.ts';
import { type NtfyMessageData, ntfyMessageAnswer } from './message-answer.ts';
import { type JsonPublish, overlayJson, paramsOfHead } from './publish-params.ts';

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

/** JSON publishing as parse() reads it (docs.ntfy.sh/publish/#publish-as-json). */
const JsonPublishSchema = Type.Object({
  topic: Type.String(),
  message: maybeText(),
  title: maybeText(),
  tags: maybe(Type.Array(Type.String())),
  priority: maybe(Type.Union([Type.Number(), Type.String()])),
  click: maybeText(),
  icon: maybeText(),
  attach: maybeText(),
  filename: maybeText(),
  markdown: maybe(Type.Boolean()),
  delay: maybeText(),
  email: maybeText(),
});

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

/** ntfy takes JSON publishing at its root only; to `/<topic>` a JSON body is a message like any other. */
const isJsonPublishing = (request: IngressRequest) => request.path === '/';

/** The name ntfy gives a file attached by URL: the last segment of its path. */
function nameFromUrl(url: string): string | undefined {
  const last = URL.canParse(url) ? new URL(url).pathname.split('/').filter(Boolean).at(-1) : undefined;
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const httpUrl = (value: string | undefined) => (value && /^https?:\/\//.test(value) ? value : undefined);

/** One publish request, as ntfy's server reads it, as an event. */
function publish(request: IngressRequest, topic: string): IngressParse {
  let params = paramsOfHead(request);
  let body: PublishBody;
  if (isJsonPublishing(request)) {
    const json = parseJsonPublish(request.rawBody);
    if (!json)
      return { ok: false, code: 'NB_ERR_VALIDATION', message: 'ntfy JSON publishing needs a "topic"' };
    const problem = shapeProblem(JsonPublishSchema, json, 'ntfy JSON publishing');
    if (problem) return problem;
    params = overlayJson(params, json as unknown as JsonPublish);
    body = { kind: 'text', text: '' };
  } else {
    body = publishBody(request.rawBody, request.headers['content-type'], params);
  }
  const priority = priorityOf(params.priority);
  if (priority === undefined) return { ok: false, code: 'NB_ERR_VALIDATION', message: priorityProblem };
  const attachments: Attachment[] = [];
  const attach = httpUrl(params.attach);
  if (body.kind === 'file') attachments.push(body.attachment);
  else if (attach) attachments.push({ url: attach, ...(params.filename ? { name: params.filename } : {}) });
  const attachmentName = attachments[0]?.name ?? (attach ? nameFromUrl(attach) : undefined);
  // A non-empty body is the message; else a Message parameter; a lone file says so, as ntfy does.
  const message =
    (body.kind === 'text' && body.text) ||
    params.message ||
    (attachments.length > 0 ? `You received a file: ${attachmentName ?? 'attachment'}` : 'triggered');
  const data: NtfyMessageData = {
    topic,
    ...(params.title ? { title: params.title } : {}),
    message,
    priority,
    // ntfy's answer leaves out a priority the sender did not set (or set to 0).
    prioritySet: params.priority !== undefined && Number(params.priority) !== 0,
    tags: (params.tags ?? []).slice(0, 20),
    ...(params.click ? { click: params.click } : {}),
    ...(params.icon ? { icon: params.icon } : {}),
    markdown: params.markdown === true,
    ...(attachments[0]
      ? {
          attachment: {
            name: attachmentName ?? 'attachment',
            ...(attachments[0].contentType ? { type: attachments[0].contentType } : {}),
            ...(attachments[0].size !== undefined ? { size: attachments[0].size } : {}),
            ...(attachments[0].url ? { url: attachments[0].url } : {}),
          },
        }
      : {}),
    ...(params.delay ? { delay: params.delay } : {}),
    ...(params.email ? { email: params.email } : {}),
    ...(params.actions ? { actions: params.actions } : {}),
  };
  const event: SourceEvent = {
    type: 'ntfy.message',
    title: params.title || topic,
    body: message,
    severity: severities[priority - 1]!,
    url: httpUrl(params.click),
    tags: data.tags,
    attachments,
    data,
  };
  return { ok: true, events: [event] };
}

/**
 * Drop-in ntfy server for publishers: `PUT`/`POST /ntfy/<topic>` with the body as message (or as a file) and
 * ntfy's headers or query parameters, and JSON publishing to the root (`POST /` with `{"topic": ...}`), which
 * is what Apprise's ntfy:// does. With `NB_COMPAT_PORTS=ntfy=<port>` the same is served at the root of a port
 * of its own (`/<topic>`), where senders that cannot add a path prefix (Apprise's attachments) publish.
 * Answers with the message JSON ntfy returns. Every publish is a new event.
 */
export const ntfySource: SourceKind<NtfySourceConfig> = {
  kind: 'ntfy',
  eventTypes: ['ntfy.message'],
  description: 'Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /).',
  configSchema: NtfySourceConfigSchema,
  secretFields: ['token'],
  ingressKey: (config) => config.topic,
  recipe({ origin, config }) {
    const url = `${origin}/ntfy/${config.topic ?? '<topic>'}`;
    const auth = config.public ? [] : [`-H 'Authorization: Bearer <token>'`];
    return {
      format: 'shell',
      text: [
        `# Publish as to any ntfy server: ${url} is the topic URL.`,
        curl(url, [...auth, `-H 'Title: Backup finished'`, `-d '12 GB in 4 minutes'`]),
      ].join('\n'),
    };
  },
  validateConfig: (config) =>
    config.token || config.public ? undefined : 'set a token, or public: true to accept anyone',
  ingress: {
    routes: [
      // Without a token the topic is the only secret: ntfy tells users to pick one nobody can guess.
      {
        methods: ['PUT', 'POST'],
        url: '/ntfy/:topic',
        ownPortUrl: '/:topic',
        key: (params) => params.topic,
        credentialParams: ['topic'],
      },
      {
        methods: ['PUT', 'POST'],
        url: '/',
        ownPortUrl: '/',
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
    parse: (request, config) => publish(request, config.topic),
    respond(result) {
      const event = result.parsed[0]!;
      return {
        status: 200,
        body: ntfyMessageAnswer(result.events[0]!.id, result.receivedAt, event.data as NtfyMessageData),
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
