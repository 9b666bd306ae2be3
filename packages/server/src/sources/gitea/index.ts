import { type Static, Type } from 'typebox';
import { forgeDedup } from '../forge/dedup.ts';
import { forgeEventTypes } from '../forge/event-types.ts';
import { type Forge, mapForgeEvent } from '../forge/map-event.ts';
import { ForgePayloadSchema } from '../forge/payload-schema.ts';
import { forgeTemplates } from '../forge/templates.ts';
import { shapeProblem } from '../payload-shape.ts';
import { settingsSteps } from '../sender-recipe.ts';
import type { IngressHead, IngressRequest, SourceKind } from '../source.ts';
import { verifyHmacSignature } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';

export const GiteaSourceConfigSchema = Type.Object(
  {
    secret: Type.Optional(
      Type.String({
        minLength: 16,
        description: "The webhook's secret. Without one, anybody who knows the URL can post events.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type GiteaSourceConfig = Static<typeof GiteaSourceConfigSchema>;

/** A deleted branch comes as a `delete` hook only: Gitea and Forgejo send no push for it. */
export const giteaForge: Forge = { name: 'gitea', deletedBranchHasPush: false };

/**
 * Gitea and Forgejo send the same webhooks; Forgejo adds `X-Forgejo-*` twins of Gitea's headers
 * (`X-Gitea-Event`, `X-Gitea-Delivery`, `X-Gitea-Signature`: hex HMAC-SHA256 of the raw body).
 */
export function giteaLikeSource(forge: 'gitea' | 'forgejo'): SourceKind<GiteaSourceConfig> {
  const dialect: Forge = { ...giteaForge, name: forge };
  const header = (head: IngressHead, name: string) =>
    head.headers[`x-${forge}-${name}`] ?? head.headers[`x-gitea-${name}`];
  const title = forge === 'gitea' ? 'Gitea' : 'Forgejo';
  return {
    kind: forge,
    description: `${title} repository webhooks (push, tags, issues, pull requests, releases).`,
    configSchema: GiteaSourceConfigSchema,
    secretFields: ['secret'],
    defaultTemplates: forgeTemplates,
    eventTypes: forgeEventTypes(forge),
    recipe: ({ hookUrl }) =>
      settingsSteps(`Repository → Settings → Webhooks → Add webhook → ${title}`, [
        ['Target URL', hookUrl],
        ['HTTP method', 'POST'],
        ['POST content type', 'application/json'],
        ['Secret', 'the secret set on this source (without one, anyone with the URL can post)'],
        ['Trigger on', 'the events your rules use'],
      ]),
    ingress: {
      // Gitea can also send a configured Authorization header with each webhook.
      credentials: { headers: ['authorization', 'x-gitea-signature', `x-${forge}-signature`] },
      authenticate(head, config) {
        if (!header(head, 'event')) {
          return {
            ok: false,
            code: 'NB_ERR_FORBIDDEN',
            message: `missing X-Gitea-Event: this URL takes ${forge} webhooks`,
          };
        }
        if (config.secret && !header(head, 'signature')) {
          return {
            ok: false,
            code: 'NB_ERR_SIGNATURE',
            message: 'missing X-Gitea-Signature; set the same secret in the webhook',
          };
        }
        return { ok: true };
      },
      verify(request, config) {
        if (!config.secret) return { ok: true };
        const result = verifyHmacSignature({
          secret: config.secret,
          payload: request.rawBody,
          signature: header(request, 'signature'),
          encoding: 'hex',
          headerName: 'X-Gitea-Signature',
        });
        return result.ok ? result : { ok: false, code: 'NB_ERR_SIGNATURE', message: result.message };
      },
      parse(request: IngressRequest) {
        const body = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
        if (!body.ok) return body;
        if (
          body.payload.kind !== 'json' ||
          typeof body.payload.value !== 'object' ||
          body.payload.value === null
        ) {
          return {
            ok: false,
            code: 'NB_ERR_VALIDATION',
            message: `a ${forge} webhook body is a JSON object`,
          };
        }
        const problem = shapeProblem(ForgePayloadSchema, body.payload.value, `a ${forge} webhook body`);
        if (problem) return problem;
        const event = mapForgeEvent(dialect, header(request, 'event')!, body.payload.value as never);
        if (!event) return { ok: true, events: [] };
        // The delivery id repeats on redelivery, so a retried webhook makes no second event.
        Object.assign(event, forgeDedup(header(request, 'delivery'), request.rawBody));
        return { ok: true, events: [event] };
      },
    },
  };
}

export const giteaSource = giteaLikeSource('gitea');
