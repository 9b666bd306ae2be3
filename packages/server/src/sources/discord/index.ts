import { type Static, Type } from 'typebox';
import { maybe, maybeText, shapeProblem } from '../payload-shape.ts';
import { curlJson } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseJsonText, parseWebhookBody } from '../webhook/body.ts';
import { formFileAttachments } from '../webhook/mapping.ts';

export const DiscordSourceConfigSchema = Type.Object(
  {
    webhookId: Type.String({
      pattern: '^[0-9]{1,20}$',
      description: 'The numeric id in /discord/<id>/<token>.',
    }),
    token: Type.String({
      pattern: '^[A-Za-z0-9_-]{16,128}$',
      description: 'The secret token in /discord/<id>/<token>.',
    }),
  },
  { additionalProperties: false },
);
export type DiscordSourceConfig = Static<typeof DiscordSourceConfigSchema>;

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}
interface DiscordMessage {
  content?: string;
  username?: string;
  embeds?: Embed[];
}

/** A message as parse() reads it (discord.com/developers/docs/resources/webhook#execute-webhook). */
const DiscordMessageSchema = Type.Object({
  content: maybeText(),
  username: maybeText(),
  embeds: maybe(
    Type.Array(
      Type.Object({
        title: maybeText(),
        description: maybeText(),
        url: maybeText(),
        fields: maybe(Type.Array(Type.Object({ name: maybeText(), value: maybeText() }))),
        footer: maybe(Type.Object({ text: maybeText() })),
      }),
    ),
  ),
});

const pathCredentials = (path: string) => /^\/discord\/([^/]+)\/([^/]+)\/?$/.exec(path);

/** Discord's error bodies (discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
const discordErrors = {
  unknownWebhook: { message: 'Unknown Webhook', code: 10015 },
  invalidToken: { message: 'Invalid Webhook Token', code: 50027 },
  empty: { message: 'Cannot send an empty message', code: 50006 },
  invalid: (detail: string) => ({ message: `Invalid Form Body: ${detail}`, code: 50035 }),
};

/**
 * Drop-in Discord webhook: `POST /discord/<id>/<token>` with `{content, username, embeds}`; embeds are
 * flattened into the body. Answers `204 No Content`, or `200` with the message when `?wait=true`.
 */
export const discordSource: SourceKind<DiscordSourceConfig> = {
  kind: 'discord',
  eventTypes: ['discord.message'],
  description: 'Accepts messages from anything that posts to a Discord webhook (POST /discord/<id>/<token>).',
  configSchema: DiscordSourceConfigSchema,
  recipe({ origin, config }) {
    const url = `${origin}/discord/${config.webhookId ?? '<id>'}/<token>`;
    return {
      format: 'shell',
      text: [
        `# Where a sender asks for a Discord webhook URL: ${url}`,
        curlJson(url, { content: 'Backup finished: 12 GB in 4 minutes' }),
      ].join('\n'),
    };
  },
  secretFields: ['token'],
  ingressKey: (config) => `${config.webhookId}/${config.token}`,
  ingress: {
    routes: [
      {
        methods: ['POST'],
        url: '/discord/:id/:token',
        key: (params) => `${params.id}/${params.token}`,
        credentialParams: ['token'],
      },
    ],
    authenticate(head, config) {
      const match = pathCredentials(head.path);
      return match && match[1] === config.webhookId && constantTimeEqual(match[2]!, config.token)
        ? { ok: true }
        : { ok: false, code: 'NB_ERR_UNAUTHORIZED', message: 'Invalid Webhook Token' };
    },
    parse(request) {
      // Discord takes multipart with a payload_json part and files[n] parts, what senders with files send.
      const parsed = parseWebhookBody(
        request.rawBody,
        request.headers['content-type'] ?? 'application/json',
        {
          multipart: true,
        },
      );
      if (!parsed.ok) return parsed;
      const warnings: string[] = [];
      const problems: string[] = [];
      const files = parsed.payload.kind === 'form' ? (parsed.payload.files ?? []) : [];
      const attachments = formFileAttachments(files, warnings, problems);
      if (problems.length > 0) return { ok: false, code: 'NB_ERR_VALIDATION', message: problems.join('; ') };
      let message = parsed.payload.value as DiscordMessage & { payload_json?: string };
      if (parsed.payload.kind === 'form' && typeof message.payload_json === 'string') {
        const json = parseJsonText(message.payload_json);
        if (!json.ok)
          return { ok: false, code: 'NB_ERR_MALFORMED_BODY', message: `payload_json: ${json.message}` };
        message = json.payload.value as DiscordMessage;
      }
      const problem = shapeProblem(DiscordMessageSchema, message, 'a Discord message');
      if (problem) return problem;
      const embeds = Array.isArray(message.embeds) ? message.embeds.slice(0, 10) : [];
      const parts: string[] = [];
      if (message.content?.trim()) parts.push(message.content.trim());
      for (const embed of embeds) {
        const lines = [embed.title && `**${embed.title}**`, embed.description];
        for (const field of embed.fields ?? []) lines.push(`**${field.name ?? ''}**: ${field.value ?? ''}`);
        if (embed.footer?.text) lines.push(embed.footer.text);
        const text = lines.filter(Boolean).join('\n');
        if (text) parts.push(text);
      }
      if (parts.length === 0)
        return { ok: false, code: 'NB_ERR_VALIDATION', message: discordErrors.empty.message };
      const title = embeds[0]?.title || message.content?.split('\n')[0] || message.username || 'Discord';
      return {
        ok: true,
        events: [
          {
            type: 'discord.message',
            title: title.slice(0, 256),
            body: parts.join('\n\n'),
            severity: 'info',
            url: embeds.find((e) => e.url && /^https?:\/\//.test(e.url))?.url,
            attachments,
            ...(warnings.length > 0 ? { warnings } : {}),
            data: { username: message.username ?? null, message },
          },
        ],
      };
    },
    respond(result, request) {
      if (request.query.wait === 'true') return { status: 200, body: { id: result.events[0]!.id, type: 0 } };
      return { status: 204, body: '' };
    },
    respondError(error) {
      if (error.status === 404) return { status: 404, body: discordErrors.unknownWebhook };
      if (error.status === 401 || error.status === 403)
        return { status: 401, body: discordErrors.invalidToken };
      if (error.message === discordErrors.empty.message) return { status: 400, body: discordErrors.empty };
      if (error.status === 400) return { status: 400, body: discordErrors.invalid(error.message) };
      return { status: error.status, body: { message: error.message, code: 0 } };
    },
  },
};
