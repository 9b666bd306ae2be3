import { type Static, Type } from 'typebox';
import { shapeProblem } from '../payload-shape.ts';
import { curlJson } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseJsonText, parseWebhookBody } from '../webhook/body.ts';
import { flattenSlackMessage, mrkdwnToMarkdown, mrkdwnToText, type SlackMessage } from './flatten.ts';
import { SlackMessageSchema } from './message-schema.ts';

export const SlackSourceConfigSchema = Type.Object(
  {
    token: Type.String({
      pattern: '^[A-Za-z0-9_-]{16,128}$',
      description: 'The secret path part senders post to: /slack/<token>. Use a long random string.',
    }),
  },
  { additionalProperties: false },
);
export type SlackSourceConfig = Static<typeof SlackSourceConfigSchema>;

/** Slack's error word for a wrong field: invalid_blocks, invalid_attachments, else invalid_payload. */
function errorWord(path: string): string {
  if (path.startsWith('/blocks')) return 'invalid_blocks';
  if (path.startsWith('/attachments')) return 'invalid_attachments';
  return 'invalid_payload';
}

const tokenInPath = (path: string) => /^\/slack\/([^/]+)\/?$/.exec(path)?.[1];

/**
 * Drop-in Slack incoming webhook: `POST /slack/<token>` with `{text, blocks, attachments}` (JSON, or form
 * with a `payload` field), flattened to readable text and markdown, answered `200 ok` as Slack does.
 */
export const slackSource: SourceKind<SlackSourceConfig> = {
  kind: 'slack',
  eventTypes: ['slack.message'],
  description: 'Accepts messages from anything that posts to a Slack incoming webhook (POST /slack/<token>).',
  configSchema: SlackSourceConfigSchema,
  secretFields: ['token'],
  recipe: ({ origin }) => ({
    format: 'shell',
    text: [
      `# Where a sender asks for a Slack webhook URL: ${origin}/slack/<token>`,
      curlJson(`${origin}/slack/<token>`, { text: 'Backup finished: 12 GB in 4 minutes' }),
    ].join('\n'),
  }),
  ingressKey: (config) => config.token,
  ingress: {
    routes: [
      { methods: ['POST'], url: '/slack/:token', key: (params) => params.token, credentialParams: ['token'] },
    ],
    authenticate(head, config) {
      const token = tokenInPath(head.path);
      return token && constantTimeEqual(token, config.token)
        ? { ok: true }
        : { ok: false, code: 'NB_ERR_FORBIDDEN', message: 'invalid_token' };
    },
    parse(request) {
      const parsed = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
      if (!parsed.ok) return { ok: false, code: 'NB_ERR_MALFORMED_BODY', message: 'invalid_payload' };
      let message = parsed.payload.value as SlackMessage | Record<string, unknown>;
      if (parsed.payload.kind === 'form') {
        const field = (message as Record<string, unknown>).payload;
        const json = parseJsonText(typeof field === 'string' ? field : '');
        if (!json.ok) return { ok: false, code: 'NB_ERR_MALFORMED_BODY', message: 'invalid_payload' };
        message = json.payload.value as SlackMessage;
      }
      const problem = shapeProblem(SlackMessageSchema, message, 'a Slack message');
      if (problem) return { ...problem, message: errorWord(problem.path) };
      const { lines, firstUrl } = flattenSlackMessage(message as SlackMessage);
      if (lines.length === 0) return { ok: false, code: 'NB_ERR_VALIDATION', message: 'no_text' };
      const [first, ...rest] = lines;
      return {
        ok: true,
        events: [
          {
            type: 'slack.message',
            title: mrkdwnToText(first!.split('\n')[0]!).slice(0, 250),
            body: mrkdwnToText(lines.join('\n\n')),
            severity: 'info',
            url: firstUrl,
            data: { markdown: mrkdwnToMarkdown(lines.join('\n\n')), lines: rest.length + 1, message },
          },
        ],
      };
    },
    respond() {
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    },
    respondError(error) {
      // Slack answers with a bare error word: invalid_token, invalid_payload, no_text, no_service.
      const word =
        error.status === 404
          ? 'no_service'
          : error.status === 403 || error.status === 401
            ? 'invalid_token'
            : /^[a-z_]+$/.test(error.message)
              ? error.message
              : 'invalid_payload';
      return {
        status: error.status === 401 ? 403 : error.status,
        body: word,
        headers: { 'content-type': 'text/plain' },
      };
    },
  },
};
