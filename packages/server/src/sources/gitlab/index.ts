import { type Static, Type } from 'typebox';
import { forgeEventTypes } from '../forge/event-types.ts';
import { forgeTemplates } from '../forge/templates.ts';
import { shapeProblem } from '../payload-shape.ts';
import { settingsSteps } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';
import { mapGitLabEvent } from './map-event.ts';
import { GitLabPayloadSchema } from './payload-schema.ts';

export const GitLabSourceConfigSchema = Type.Object(
  {
    secret: Type.String({ minLength: 16, description: 'The secret token set on the GitLab webhook.' }),
  },
  { additionalProperties: false },
);
export type GitLabSourceConfig = Static<typeof GitLabSourceConfigSchema>;

/**
 * GitLab webhooks: `X-Gitlab-Event`, `X-Gitlab-Token` (the shared secret itself, not a signature, so it is
 * checked before the body is read), `X-Gitlab-Event-UUID` (the same on a retried delivery).
 */
export const gitlabSource: SourceKind<GitLabSourceConfig> = {
  kind: 'gitlab',
  description:
    'GitLab project and group webhooks (push, tags, merge requests, issues, notes, pipelines, releases).',
  configSchema: GitLabSourceConfigSchema,
  secretFields: ['secret'],
  recipe: ({ hookUrl }) =>
    settingsSteps('Project or group → Settings → Webhooks → Add new webhook', [
      ['URL', hookUrl],
      ['Secret token', 'the secret set on this source'],
      ['Trigger', 'the events your rules use'],
    ]),
  defaultTemplates: forgeTemplates,
  eventTypes: forgeEventTypes('gitlab'),
  ingress: {
    credentials: { headers: ['x-gitlab-token'] },
    authenticate(head, config) {
      if (!head.headers['x-gitlab-event']) {
        return {
          ok: false,
          code: 'NB_ERR_FORBIDDEN',
          message: 'missing X-Gitlab-Event: this URL takes GitLab webhooks',
        };
      }
      const token = head.headers['x-gitlab-token'];
      if (!token || !constantTimeEqual(token, config.secret)) {
        return {
          ok: false,
          code: 'NB_ERR_UNAUTHORIZED',
          message: 'X-Gitlab-Token is missing or wrong; set the secret token of the webhook',
        };
      }
      return { ok: true };
    },
    parse(request) {
      const body = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
      if (!body.ok) return body;
      if (
        body.payload.kind !== 'json' ||
        typeof body.payload.value !== 'object' ||
        body.payload.value === null
      ) {
        return { ok: false, code: 'NB_ERR_VALIDATION', message: 'a GitLab webhook body is a JSON object' };
      }
      const problem = shapeProblem(GitLabPayloadSchema, body.payload.value, 'a GitLab webhook body');
      if (problem) return problem;
      const event = mapGitLabEvent(request.headers['x-gitlab-event']!, body.payload.value as never);
      const uuid = request.headers['x-gitlab-event-uuid'];
      if (uuid) event.dedupKey = `delivery:${uuid}`;
      return { ok: true, events: [event] };
    },
  },
};
