import { type Static, Type } from 'typebox';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError, outcomeOfResponse } from '../http-outcome.ts';
import { signStandardWebhook } from './standard-webhooks.ts';

export const WebhookTargetConfigSchema = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', description: 'Where to POST.' }),
    secret: Type.Optional(
      Type.String({
        pattern: '^whsec_[A-Za-z0-9+/]{22,}={0,2}$',
        description:
          'Signing secret, `whsec_` + base64 of 24 to 64 random bytes. Omit for unsigned requests.',
      }),
    ),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Extra request headers.' }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookTargetConfig = Static<typeof WebhookTargetConfigSchema>;

const reservedHeaders = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'host',
]);

/** A signed JSON POST per delivery. Receivers of a webhook target have no address of their own. */
export const webhookChannel: ChannelKind<WebhookTargetConfig, Record<string, never>> = {
  kind: 'webhook',
  description: 'POST a JSON document, signed per the Standard Webhooks spec, to a URL.',
  configSchema: WebhookTargetConfigSchema,
  addressSchema: Type.Object({}, { additionalProperties: false }),
  secretFields: ['secret'],
  formats: ['text', 'markdown', 'html'],
  limits: {},

  async send(ctx, message): Promise<SendOutcome> {
    const timestamp = Math.floor(ctx.clock.now() / 1000);
    const body = JSON.stringify({
      type: message.eventType,
      timestamp: new Date(ctx.clock.now()).toISOString(),
      data: {
        deliveryId: ctx.deliveryId,
        event: {
          id: message.eventId,
          type: message.eventType,
          title: message.title,
          severity: message.severity,
          url: message.url,
          tags: message.tags,
          occurredAt: new Date(message.occurredAt).toISOString(),
        },
        message: { format: message.format, title: message.title, body: message.body },
      },
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(ctx.config.headers ?? {})) {
      if (!reservedHeaders.has(name.toLowerCase())) headers[name] = value;
    }
    headers['content-type'] = 'application/json';
    // The delivery id is the idempotency key: the same across retries and nodes.
    headers['webhook-id'] = ctx.deliveryId;
    headers['webhook-timestamp'] = String(timestamp);
    if (ctx.config.secret) {
      headers['webhook-signature'] = signStandardWebhook(ctx.config.secret, ctx.deliveryId, timestamp, body);
    }
    try {
      const response = await ctx.http.request(ctx.config.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        maxResponseBytes: 64 * 1024,
        signal: ctx.signal,
      });
      if (response.status >= 300 && response.status < 400) {
        // Standard Webhooks: "redirects should not be followed"; the URL is wrong, retrying will not help.
        return {
          status: 'failed',
          error: {
            kind: 'rejected',
            httpStatus: response.status,
            message: `HTTP ${response.status}: the URL redirects; configure the final URL`,
          },
        };
      }
      if (response.status === 410) {
        return {
          status: 'failed',
          disableReceiver: true,
          error: {
            kind: 'rejected',
            httpStatus: 410,
            message: 'HTTP 410 Gone: the receiver asked to stop; re-enable it to resume',
          },
        };
      }
      return outcomeOfResponse(response, ctx.clock.now());
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};
