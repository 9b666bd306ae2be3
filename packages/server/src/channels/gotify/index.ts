import type { ChannelKind, SendOutcome } from '../channel.ts';
import { joinUrl } from '../config-url.ts';
import { outcomeOfHttpError, outcomeOfResponse } from '../http-outcome.ts';
import {
  type GotifyAddress,
  GotifyAddressSchema,
  type GotifyTargetConfig,
  GotifyTargetConfigSchema,
} from './config-schema.ts';
import { describeGotifyError, gotifyMessageId } from './gotify-error.ts';
import { gotifyMessage } from './message-payload.ts';

export {
  type GotifyAddress,
  GotifyAddressSchema,
  type GotifyTargetConfig,
  GotifyTargetConfigSchema,
} from './config-schema.ts';

import { gotifyUrl } from './apprise-url.ts';

/** Gotify answers with the created message: as long as what we sent, plus a few fields. */
const maxResponseBytes = 256 * 1024;

/**
 * Posts to a Gotify server's message API (gotify.net/api-docs, `POST /message`) with an application token.
 * The token goes in the X-Gotify-Key header, not `?token=`: a URL ends up in proxies' access logs.
 *
 * Gotify has no idempotency key: when an answer is lost (timeout, reset) the retry may show the message twice.
 */
export const gotifyChannel: ChannelKind<GotifyTargetConfig, GotifyAddress> = {
  kind: 'gotify',
  description: 'Post to a Gotify server (an application token), with priority, markdown and a click URL.',
  configSchema: GotifyTargetConfigSchema,
  addressSchema: GotifyAddressSchema,
  secretFields: ['token'],
  url: gotifyUrl,
  formats: ['markdown', 'text'],
  limits: {},

  async send(ctx, message): Promise<SendOutcome> {
    const { config } = ctx;
    const payload = gotifyMessage(message, ctx.options.silent === true);
    try {
      const response = await ctx.http.request(joinUrl(config.server, 'message'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gotify-key': config.token },
        body: JSON.stringify(payload),
        // A redirect would turn the POST into a GET (301/302) or carry the token elsewhere: fail and say so.
        redirect: 'error',
        maxResponseBytes,
        signal: ctx.signal,
      });
      const outcome = outcomeOfResponse(response, ctx.clock.now(), {
        describe: describeGotifyError,
        sensitive: [config.token],
      });
      if (outcome.status !== 'sent') return outcome;
      const id = gotifyMessageId(response);
      return id ? { ...outcome, providerMessageId: id } : outcome;
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};
