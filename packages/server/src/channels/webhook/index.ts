import { Type } from 'typebox';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError, outcomeOfResponse } from '../http-outcome.ts';
import { webhookUrl } from './apprise-url.ts';
import {
  defaultWebhookTimeoutMs,
  reservedHeaderNames,
  type WebhookTargetConfig,
  WebhookTargetConfigSchema,
} from './config-schema.ts';
import { webhookPayload } from './payload.ts';
import { signStandardWebhook } from './standard-webhooks.ts';

export { type WebhookTargetConfig, WebhookTargetConfigSchema } from './config-schema.ts';
export { signStandardWebhook, verifyStandardWebhook } from './standard-webhooks.ts';

/** A receiver's answer is not used; enough of it to show in an error is all we read. */
const maxResponseBytes = 64 * 1024;

/**
 * A JSON POST per delivery, signed per Standard Webhooks
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md). Receivers of
 * a webhook target have no address of their own: the target's URL is the destination.
 */
export const webhookChannel: ChannelKind<WebhookTargetConfig, Record<string, never>> = {
  kind: 'webhook',
  description: 'POST a JSON document, signed per the Standard Webhooks spec, to a URL.',
  configSchema: WebhookTargetConfigSchema,
  addressSchema: Type.Object({}, { additionalProperties: false }),
  // Extra headers usually carry credentials (an Authorization header), so they are sealed like the secret.
  secretFields: ['secret', 'headers'],
  url: webhookUrl,
  formats: ['text', 'markdown', 'html'],
  limits: {},

  async send(ctx, message): Promise<SendOutcome> {
    const { config } = ctx;
    const body = JSON.stringify(webhookPayload(ctx.deliveryId, message));
    // The attempt's time, not the event's: receivers refuse stale timestamps to stop replays.
    const timestamp = Math.floor(ctx.clock.now() / 1000);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers ?? {})) {
      if (!reservedHeaderNames.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    }
    headers['content-type'] = 'application/json';
    // The delivery id is the idempotency key: the same on every attempt, from any node.
    headers['webhook-id'] = ctx.deliveryId;
    headers['webhook-timestamp'] = String(timestamp);
    if (config.secret) {
      headers['webhook-signature'] = signStandardWebhook(config.secret, ctx.deliveryId, timestamp, body);
    }
    try {
      const response = await ctx.http.request(config.url, {
        method: 'POST',
        headers,
        body,
        // The spec: a 3xx is a failure; following redirects is load for both sides, fix the URL instead.
        redirect: 'error',
        timeoutMs: config.timeoutMs ?? defaultWebhookTimeoutMs,
        maxResponseBytes,
        signal: ctx.signal,
      });
      if (response.status === 410) {
        // The spec: 410 Gone means the receiver no longer wants these; stop sending to it.
        return {
          status: 'failed',
          disableReceiver: true,
          error: {
            kind: 'rejected',
            httpStatus: 410,
            message:
              'HTTP 410 Gone: the receiver asked to stop; the receiver is disabled, re-enable it to resume',
          },
        };
      }
      return outcomeOfResponse(response, ctx.clock.now(), {
        sensitive: [config.secret, ...credentialHeaderValues(config.headers)],
      });
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

/** Header values that look like credentials, to keep out of error texts (an echo server repeats them). */
function credentialHeaderValues(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {})
    .filter(([name]) => /auth|token|key|secret|cookie|pass|session/i.test(name))
    .flatMap(([, value]) => [value, ...value.split(/\s+/).slice(1)]);
}
