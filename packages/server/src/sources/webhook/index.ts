import { hash } from 'node:crypto';
import type { DedupBy, SourceEvent } from '../../domain/event.ts';
import type { IngressParse, IngressRequest, SourceKind } from '../source.ts';
import { authenticateWebhook, verifyWebhook } from './auth.ts';
import { parseWebhookBody } from './body.ts';
import {
  DEFAULT_EVENT_TYPE,
  DEFAULT_MAX_BODY_BYTES,
  type WebhookSourceConfig,
  WebhookSourceConfigSchema,
  webhookConfigProblem,
} from './config-schema.ts';
import { dedupKeyOf, mapPayloadToEvent } from './mapping.ts';
import { webhookRecipe } from './recipe.ts';

/** A JSON array body is a batch: one event per element, at most this many per request. */
export const MAX_EVENTS_PER_REQUEST = 100;

/**
 * The dedup key when the mapping gives none: the sender's delivery id from `dedupHeader`, else
 * `sha256:<hex>` of the raw body, so a sender's quick retry of the same bytes makes no second event.
 */
function fallbackDedup(request: IngressRequest, config: WebhookSourceConfig): { key: string; by: DedupBy } {
  const delivery = config.dedupHeader
    ? dedupKeyOf(request.headers[config.dedupHeader.toLowerCase()])
    : undefined;
  return delivery
    ? { key: delivery, by: 'key' }
    : { key: `sha256:${hash('sha256', request.rawBody, 'hex')}`, by: 'body' };
}

/**
 * Body -> events. A JSON array is a batch (one event per element, `#<index>` appended to the
 * fallback dedup key so the elements stay distinct); an empty array makes no events. JSON objects,
 * scalars, form fields and plain text make one event each.
 */
export function parseWebhookRequest(request: IngressRequest, config: WebhookSourceConfig): IngressParse {
  const parsed = parseWebhookBody(request.rawBody, request.headers['content-type']);
  if (!parsed.ok) return parsed;
  const { payload } = parsed;
  const isBatch = payload.kind === 'json' && Array.isArray(payload.value);
  const items: unknown[] = isBatch ? (payload.value as unknown[]) : [payload.value];
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    return {
      ok: false,
      code: 'NB_ERR_VALIDATION',
      message: `The body is an array of ${items.length} events; send at most ${MAX_EVENTS_PER_REQUEST} per request.`,
    };
  }
  const fallback = fallbackDedup(request, config);
  const events: SourceEvent[] = [];
  for (const [index, item] of items.entries()) {
    const mapped = mapPayloadToEvent(item, {
      mapping: config.mapping,
      defaultType: config.defaultType,
      defaultSeverity: config.defaultSeverity,
      fallbackDedupKey: isBatch ? `${fallback.key}#${index}` : fallback.key,
      fallbackDedupBy: fallback.by,
    });
    if (!mapped.ok)
      return { ...mapped, message: isBatch ? `event ${index + 1}: ${mapped.message}` : mapped.message };
    events.push(mapped.event);
  }
  return { ok: true, events };
}

/** The generic webhook: POST /hooks/:sourceId with any JSON, form or text body. */
export const webhookSource: SourceKind<WebhookSourceConfig> = {
  kind: 'webhook',
  eventTypes: [DEFAULT_EVENT_TYPE],
  description: 'Any HTTP POST (JSON, form or text), with bearer, basic or HMAC-SHA256 authentication.',
  configSchema: WebhookSourceConfigSchema,
  secretFields: ['secret', 'attachmentAuth'],
  validateConfig: webhookConfigProblem,
  recipe: webhookRecipe,
  attachmentHeaders(config, url) {
    const origin = config.attachmentAuth && originOf(config.attachmentAuth.origin);
    return origin && originOf(url) === origin ? config.attachmentAuth!.headers : undefined;
  },
  ingress: {
    // An HMAC signature is no credential: it is bound to one body and does not reveal the key.
    credentials: { headers: ['authorization'] },
    authenticate: authenticateWebhook,
    verify: verifyWebhook,
    parse: parseWebhookRequest,
    maxBodyBytes: (config) => config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  },
};

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export { verifyHmacSignature } from './auth.ts';
export type { WebhookSourceConfig } from './config-schema.ts';
