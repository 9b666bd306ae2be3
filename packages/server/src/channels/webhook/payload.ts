import type { RenderedMessage } from '../../render/message.ts';

/**
 * The JSON document a webhook receiver gets, in the Standard Webhooks payload shape
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#payload-structure):
 * `type`, `timestamp` (when the event occurred, not when this attempt was made) and `data`.
 */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: {
    /** Also in the `webhook-id` header; the same on every attempt, so receivers can dedupe on it. */
    deliveryId: string;
    event: {
      id: string;
      type: string;
      title: string;
      body: string;
      severity: RenderedMessage['severity'];
      url: string | null;
      tags: string[];
      occurredAt: string;
    };
    message: { format: RenderedMessage['format']; title: string; body: string };
  };
}

/**
 * Builds the payload for one delivery. `event.title` and `event.body` are the message's rendered text:
 * RenderedMessage does not carry the event's own text apart from the template's output.
 */
export function webhookPayload(deliveryId: string, message: RenderedMessage): WebhookPayload {
  const occurredAt = new Date(message.occurredAt).toISOString();
  return {
    type: message.eventType,
    timestamp: occurredAt,
    data: {
      deliveryId,
      event: {
        id: message.eventId,
        type: message.eventType,
        title: message.title,
        body: message.body,
        severity: message.severity,
        url: message.url,
        tags: message.tags,
        occurredAt,
      },
      message: { format: message.format, title: message.title, body: message.body },
    },
  };
}
