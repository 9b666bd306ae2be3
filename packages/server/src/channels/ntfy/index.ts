import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError, outcomeOfResponse } from '../http-outcome.ts';
import {
  defaultNtfyServer,
  type NtfyAddress,
  NtfyAddressSchema,
  type NtfyTargetConfig,
  NtfyTargetConfigSchema,
} from './config-schema.ts';
import { describeNtfyError, publishedMessageId } from './ntfy-error.ts';
import { messageMaxBytes, ntfyPublishPayload } from './publish-payload.ts';

export {
  type NtfyAddress,
  NtfyAddressSchema,
  type NtfyTargetConfig,
  NtfyTargetConfigSchema,
} from './config-schema.ts';

import { ntfyUrl } from './apprise-url.ts';

export { truncateUtf8 } from './publish-payload.ts';

/** ntfy answers a publish with the message as JSON: a few KiB at most. */
const maxResponseBytes = 64 * 1024;

/**
 * Publishes to an ntfy topic (https://docs.ntfy.sh/publish/).
 *
 * As JSON to the server root (docs.ntfy.sh/publish/#publish-as-json) rather than with X-Title/X-Tags headers:
 * header values must be ASCII or RFC 2047-encoded, while JSON carries any title and tag as it is.
 *
 * ntfy has no idempotency key: when an answer is lost (timeout, reset) the retry may show the message twice.
 */
export const ntfyChannel: ChannelKind<NtfyTargetConfig, NtfyAddress> = {
  kind: 'ntfy',
  description: 'Publish to an ntfy topic (ntfy.sh or a self-hosted server).',
  configSchema: NtfyTargetConfigSchema,
  addressSchema: NtfyAddressSchema,
  secretFields: ['token', 'password'],
  url: ntfyUrl,
  formats: ['markdown', 'text'],
  // The limit is in UTF-8 bytes; longer messages are cut with "…" here.
  limits: { bytesMax: messageMaxBytes },

  async send(ctx, message): Promise<SendOutcome> {
    const { config } = ctx;
    const payload = ntfyPublishPayload(ctx.address.topic, message, ctx.options.silent === true);
    const authorization = authorizationHeader(config);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    try {
      const response = await ctx.http.request(config.server ?? defaultNtfyServer, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        // Following a redirect would turn the POST into a GET (301/302) or drop the credentials (another
        // origin, http -> https included): a 3xx fails and names where to point the target instead.
        redirect: 'error',
        maxResponseBytes,
        signal: ctx.signal,
      });
      const outcome = outcomeOfResponse(response, ctx.clock.now(), {
        describe: describeNtfyError,
        sensitive: [config.token, config.password, authorization],
      });
      if (outcome.status !== 'sent') return outcome;
      const id = publishedMessageId(response);
      return id ? { ...outcome, providerMessageId: id } : outcome;
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

/** A token wins over username and password (https://docs.ntfy.sh/publish/#authentication). */
function authorizationHeader(config: NtfyTargetConfig): string | undefined {
  if (config.token) return `Bearer ${config.token}`;
  if (config.username && config.password) {
    // RFC 7617: base64 of user-id ":" password, in UTF-8.
    return `Basic ${Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64')}`;
  }
  return undefined;
}
