import { type Static, Type } from 'typebox';
import { forgeDedup } from '../forge/dedup.ts';
import { forgeEventTypes } from '../forge/event-types.ts';
import { type Forge, mapForgeEvent } from '../forge/map-event.ts';
import { ForgePayloadSchema } from '../forge/payload-schema.ts';
import { forgeTemplates } from '../forge/templates.ts';
import { shapeProblem } from '../payload-shape.ts';
import { settingsSteps } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { verifyHmacSignature } from '../webhook/auth.ts';
import { parseJsonText, parseWebhookBody } from '../webhook/body.ts';

export const GitHubSourceConfigSchema = Type.Object(
  {
    secret: Type.String({
      minLength: 16,
      description: "The webhook's secret; GitHub signs every delivery with it.",
    }),
  },
  { additionalProperties: false },
);
export type GitHubSourceConfig = Static<typeof GitHubSourceConfigSchema>;

/** GitHub sends a push for every branch or tag it creates or deletes. */
export const githubForge: Forge = { name: 'github', deletedBranchHasPush: true };

/**
 * GitHub webhooks (docs.github.com/webhooks): `X-GitHub-Event`, `X-GitHub-Delivery` (repeated on
 * redelivery), `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. A `ping` is answered and
 * makes no event.
 */
export const githubSource: SourceKind<GitHubSourceConfig> = {
  kind: 'github',
  description:
    'GitHub repository and organisation webhooks (push, pull requests, issues, releases, workflows).',
  configSchema: GitHubSourceConfigSchema,
  secretFields: ['secret'],
  recipe: ({ hookUrl }) =>
    settingsSteps('Repository or organisation → Settings → Webhooks → Add webhook', [
      ['Payload URL', hookUrl],
      ['Content type', 'application/json'],
      ['Secret', 'the secret set on this source'],
      ['Events', 'the ones your rules use, or "Send me everything"'],
    ]),
  defaultTemplates: forgeTemplates,
  eventTypes: forgeEventTypes('github'),
  ingress: {
    credentials: { headers: ['x-hub-signature-256', 'x-hub-signature'] },
    authenticate(head) {
      if (!head.headers['x-github-event']) {
        return {
          ok: false,
          code: 'NB_ERR_FORBIDDEN',
          message: 'missing X-GitHub-Event: this URL takes GitHub webhooks',
        };
      }
      if (!head.headers['x-hub-signature-256']) {
        return {
          ok: false,
          code: 'NB_ERR_SIGNATURE',
          message: 'missing X-Hub-Signature-256; set the same secret in the webhook',
        };
      }
      return { ok: true };
    },
    verify(request, config) {
      const result = verifyHmacSignature({
        secret: config.secret,
        payload: request.rawBody,
        signature: request.headers['x-hub-signature-256'],
        encoding: 'hex',
        prefix: 'sha256=',
        headerName: 'X-Hub-Signature-256',
      });
      return result.ok ? result : { ok: false, code: 'NB_ERR_SIGNATURE', message: result.message };
    },
    parse(request) {
      const event = request.headers['x-github-event']!;
      if (event === 'ping') return { ok: true, events: [] };
      // GitHub sends JSON, or form-encoded JSON in a `payload` field when the hook says so.
      const body = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
      if (!body.ok) return body;
      let payload: unknown = body.payload.value;
      if (body.payload.kind === 'form') {
        const field = (payload as Record<string, unknown>).payload;
        const parsed = typeof field === 'string' ? parseJsonText(field) : undefined;
        if (parsed && !parsed.ok) return parsed;
        payload = parsed?.payload.value;
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
        return { ok: false, code: 'NB_ERR_VALIDATION', message: 'a GitHub webhook body is a JSON object' };
      }
      const problem = shapeProblem(ForgePayloadSchema, payload, 'a GitHub webhook body');
      if (problem) return problem;
      const mapped = mapForgeEvent(githubForge, event, payload as never);
      if (!mapped) return { ok: true, events: [] };
      Object.assign(mapped, forgeDedup(request.headers['x-github-delivery'], request.rawBody));
      return { ok: true, events: [mapped] };
    },
  },
};
