import { createHash } from 'node:crypto';
import { type Static, Type } from 'typebox';
import type { Severity } from '../../domain/event.ts';
import { maybe, maybeText, shapeProblem } from '../payload-shape.ts';
import { curl } from '../sender-recipe.ts';
import type { IngressHead, IngressRequest, SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';

export const GotifySourceConfigSchema = Type.Object(
  {
    token: Type.String({
      minLength: 8,
      description: 'The application token senders use (`?token=`, `X-Gotify-Key` or a bearer token).',
    }),
  },
  { additionalProperties: false },
);
export type GotifySourceConfig = Static<typeof GotifySourceConfigSchema>;

/** A message as parse() reads it; a form sends the priority as text. */
const GotifyMessageSchema = Type.Object({
  title: maybeText(),
  message: Type.Optional(Type.Unknown()),
  priority: maybe(Type.Union([Type.Number(), Type.String()])),
  extras: maybe(Type.Record(Type.String(), Type.Unknown())),
});

/** Gotify's own words for a refused token (gotify/server auth middleware). */
const unauthorized = {
  error: 'Unauthorized',
  errorCode: 401,
  errorDescription: 'you need to provide a valid access token or user credentials to access this api',
};

/**
 * Gotify binds a message from JSON, a urlencoded form or multipart/form-data (`curl -F`, its CLI), as gin's
 * `ctx.Bind` does; the ingress cap already holds for the whole form.
 */
const gotifyBody = (request: IngressRequest) =>
  parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json', {
    multipart: true,
  });

function presentedToken(head: IngressHead): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(head.headers.authorization ?? '')?.[1];
  return head.query.token ?? head.headers['x-gotify-key'] ?? bearer;
}

/**
 * Gotify priorities run 0–10 and its clients treat 8 and above as urgent. Senders use 5 for "normal"
 * (Apprise does), so 0–5 is info and only 6–7 is a warning.
 */
function severityOf(priority: number): Severity {
  if (priority >= 8) return 'critical';
  if (priority >= 6) return 'warning';
  return 'info';
}

/**
 * Drop-in Gotify server for senders: `POST /gotify/message` with the app token, a JSON, urlencoded or multipart body
 * `{ title, message, priority, extras }`, answered with the message as Gotify returns it. Every request
 * is a new event: Gotify has no delivery id, and two identical messages a minute apart are two messages.
 */
export const gotifySource: SourceKind<GotifySourceConfig> = {
  kind: 'gotify',
  eventTypes: ['gotify.message'],
  description: 'Accepts messages from anything that speaks the Gotify API (POST /gotify/message).',
  configSchema: GotifySourceConfigSchema,
  secretFields: ['token'],
  ingressKey: (config) => config.token,
  recipe: ({ origin }) => ({
    format: 'shell',
    text: [
      `# Any Gotify client: server ${origin}/gotify, application token <token>.`,
      curl(`${origin}/gotify/message?token=<token>`, [
        `-F 'title=Backup finished'`,
        `-F 'message=12 GB in 4 minutes'`,
        `-F 'priority=5'`,
      ]),
    ].join('\n'),
  }),
  ingress: {
    routes: [{ methods: ['POST'], url: '/gotify/message', key: (_params, head) => presentedToken(head) }],
    credentials: { query: ['token'], headers: ['x-gotify-key', 'authorization'] },
    authenticate(head, config) {
      const token = presentedToken(head);
      return token && constantTimeEqual(token, config.token)
        ? { ok: true }
        : { ok: false, code: 'NB_ERR_UNAUTHORIZED', message: 'unknown application token' };
    },
    parse(request) {
      const body = gotifyBody(request);
      if (!body.ok) return body;
      const fields = (body.payload.kind === 'text' ? {} : body.payload.value) as Record<string, unknown>;
      const problem = shapeProblem(GotifyMessageSchema, fields, 'a Gotify message');
      if (problem) return problem;
      const message = typeof fields.message === 'string' ? fields.message : '';
      if (!message)
        return {
          ok: false,
          code: 'NB_ERR_VALIDATION',
          message: "Field validation for 'Message' failed on the 'required' tag",
        };
      const priority = Number(fields.priority ?? 0);
      const title = typeof fields.title === 'string' && fields.title ? fields.title : 'Gotify';
      const extras =
        typeof fields.extras === 'object' && fields.extras !== null
          ? (fields.extras as Record<string, unknown>)
          : {};
      const click = (extras['client::notification'] as { click?: { url?: unknown } } | undefined)?.click?.url;
      const markdown =
        (extras['client::display'] as { contentType?: unknown } | undefined)?.contentType === 'text/markdown';
      return {
        ok: true,
        events: [
          {
            type: 'gotify.message',
            title,
            body: message,
            severity: severityOf(Number.isFinite(priority) ? priority : 0),
            url: typeof click === 'string' && /^https?:\/\//.test(click) ? click : undefined,
            tags: markdown ? ['markdown'] : [],
            data: { title, message, priority: Number.isFinite(priority) ? priority : 0, extras },
          },
        ],
      };
    },
    respond(result, request) {
      const body = gotifyBody(request);
      const fields = (body.ok && body.payload.kind !== 'text' ? body.payload.value : {}) as Record<
        string,
        unknown
      >;
      const event = result.events[0]!;
      // Gotify ids are integers and its Go clients decode them as such: derive a stable one from our id.
      const id = Number.parseInt(createHash('sha256').update(event.id).digest('hex').slice(0, 12), 16);
      return {
        status: 200,
        body: {
          id,
          appid: 1,
          message: fields.message,
          title: fields.title ?? 'Gotify',
          priority: Number(fields.priority ?? 0),
          date: new Date(result.receivedAt).toISOString(),
        },
      };
    },
    respondError(error) {
      if (error.status === 401 || error.status === 404) return { status: 401, body: unauthorized };
      return {
        status: error.status,
        body: {
          error: error.status === 400 ? 'Bad Request' : 'Error',
          errorCode: error.status,
          errorDescription: error.message,
        },
      };
    },
  },
};
