import { type Static, Type } from 'typebox';
import { shapeProblem } from '../payload-shape.ts';
import { settingsSteps } from '../sender-recipe.ts';
import type { SourceKind } from '../source.ts';
import { constantTimeEqual } from '../webhook/auth.ts';
import { parseWebhookBody } from '../webhook/body.ts';
import { mapPlankaEvent, type PlankaPayload } from './map-event.ts';
import { PlankaPayloadSchema } from './payload-schema.ts';

export const PlankaSourceConfigSchema = Type.Object(
  {
    secret: Type.Optional(
      Type.String({
        minLength: 16,
        description: "The webhook's access token; Planka sends it as a bearer token.",
      }),
    ),
    baseUrl: Type.Optional(
      Type.String({ pattern: '^https?://', description: "Planka's address, to link events to their card." }),
    ),
  },
  { additionalProperties: false },
);
export type PlankaSourceConfig = Static<typeof PlankaSourceConfigSchema>;

/** Planka 2 webhooks (Settings → Webhooks): card created/moved/updated/deleted, comments, and the rest. */
export const plankaSource: SourceKind<PlankaSourceConfig> = {
  kind: 'planka',
  eventTypes: ['card.created', 'card.moved', 'card.updated', 'card.deleted', 'comment.created', 'planka.*'],
  description: 'Planka board webhooks (cards, comments, lists).',
  configSchema: PlankaSourceConfigSchema,
  secretFields: ['secret'],
  recipe: ({ hookUrl }) =>
    settingsSteps('Planka → Settings → Webhooks → Add webhook', [
      ['URL', hookUrl],
      ['Access token', 'the secret set on this source (when one is)'],
      ['Events', 'the ones your rules use, or all'],
    ]),
  ingress: {
    credentials: { headers: ['authorization'] },
    authenticate(head, config) {
      if (!config.secret) return { ok: true };
      const token = /^Bearer\s+(\S+)$/i.exec(head.headers.authorization ?? '')?.[1];
      return token && constantTimeEqual(token, config.secret)
        ? { ok: true }
        : {
            ok: false,
            code: 'NB_ERR_UNAUTHORIZED',
            message: 'set the same access token in the Planka webhook',
          };
    },
    parse(request, config) {
      const body = parseWebhookBody(request.rawBody, request.headers['content-type'] ?? 'application/json');
      if (!body.ok) return body;
      const payload = body.payload.value as Partial<PlankaPayload> | null;
      if (body.payload.kind !== 'json' || typeof payload?.event !== 'string') {
        return {
          ok: false,
          code: 'NB_ERR_VALIDATION',
          message: 'a Planka webhook body is JSON with an "event" name',
        };
      }
      const problem = shapeProblem(PlankaPayloadSchema, payload, 'a Planka webhook body');
      if (problem) return problem;
      return { ok: true, events: [mapPlankaEvent(payload as PlankaPayload, config.baseUrl)] };
    },
  },
};
