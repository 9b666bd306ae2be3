import type { ChannelKind, SendOutcome } from '../channel.ts';
import { joinUrl } from '../config-url.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import {
  type SlackAddress,
  SlackAddressSchema,
  type SlackTargetConfig,
  SlackTargetConfigSchema,
  slackConfigProblem,
} from './config-schema.ts';
import { slackMessage } from './message-payload.ts';
import { slackOutcome } from './slack-answer.ts';

export {
  type SlackAddress,
  SlackAddressSchema,
  type SlackTargetConfig,
  SlackTargetConfigSchema,
} from './config-schema.ts';

import { slackUrl } from './apprise-url.ts';

/** Slack answers with the posted message; a long one comes back whole. */
const maxResponseBytes = 256 * 1024;

/**
 * Posts a Block Kit message through an incoming webhook or, with a bot token, `chat.postMessage` into the
 * receiver's channel or thread. Slack has no idempotency key: a retry after a lost answer may post twice.
 */
export const slackChannel: ChannelKind<SlackTargetConfig, SlackAddress> = {
  kind: 'slack',
  description: 'Post to Slack through an incoming webhook, or as a bot into any channel or thread it is in.',
  configSchema: SlackTargetConfigSchema,
  addressSchema: SlackAddressSchema,
  secretFields: ['webhookUrl', 'botToken'],
  url: slackUrl,
  formats: ['text'],
  limits: { titleMax: 150, textMax: 40_000 },
  validateConfig: slackConfigProblem,

  async send(ctx, message): Promise<SendOutcome> {
    const { config, address } = ctx;
    const payload = slackMessage(message);
    let url: string;
    let headers: Record<string, string>;
    let body: object;
    if (config.botToken !== undefined) {
      if (!address.channel) {
        return {
          status: 'failed',
          error: {
            kind: 'internal',
            message:
              'this receiver names no channel; a bot token needs one (address.channel: C0123ABCD or #name)',
          },
        };
      }
      url = joinUrl(config.apiUrl ?? 'https://slack.com/api', 'chat.postMessage');
      headers = { authorization: `Bearer ${config.botToken}` };
      body = {
        channel: address.channel,
        ...(address.threadTs ? { thread_ts: address.threadTs } : {}),
        ...payload,
      };
    } else {
      if (address.channel || address.threadTs) {
        return {
          status: 'failed',
          error: {
            kind: 'internal',
            message:
              'an incoming webhook posts to the channel it was made for; leave channel and threadTs out of the address (or use a bot token)',
          },
        };
      }
      url = config.webhookUrl!;
      headers = {};
      body = payload;
    }
    try {
      const response = await ctx.http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
        redirect: 'error',
        maxResponseBytes,
        signal: ctx.signal,
      });
      return slackOutcome(response, ctx.clock.now(), sensitiveOf(config));
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

/** The secrets an answer could echo: the token, the webhook URL, and the webhook's secret path part alone. */
function sensitiveOf(config: SlackTargetConfig): (string | undefined)[] {
  const hookSecret = config.webhookUrl?.replace(/\/+$/, '').split('/').pop();
  return [config.botToken, config.webhookUrl, hookSecret];
}
