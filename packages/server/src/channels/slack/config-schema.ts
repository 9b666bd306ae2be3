import { type Static, Type } from 'typebox';
import { parsedUrl, serverUrlSchema } from '../config-url.ts';

// api.slack.com/messaging/webhooks: https://hooks.slack.com/services/T…/B…/<secret>
const webhookPath = /\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+\/?$/;

/**
 * Either an incoming webhook (one channel, chosen when the webhook was made) or a bot token (any channel
 * the bot was invited to, named per receiver). Exactly one of the two; both are sealed at rest.
 */
export const SlackTargetConfigSchema = Type.Object(
  {
    webhookUrl: Type.Optional(
      Type.Refine(
        serverUrlSchema(
          'An incoming webhook URL (your Slack app → Incoming Webhooks → Add New Webhook). It holds a secret: sealed at rest.',
        ),
        (url) => webhookUrlProblem(url) === undefined,
        // Never the value: it is a secret, and validation errors are shown and logged.
        (url) => webhookUrlProblem(url) ?? 'is not a Slack incoming webhook URL',
      ),
    ),
    botToken: Type.Optional(
      Type.String({
        pattern: '^xox[a-z]-[A-Za-z0-9-]+$',
        description:
          'A bot token, xoxb-… (your Slack app → OAuth & Permissions, with the chat:write scope). Receivers then name their channel.',
      }),
    ),
    apiUrl: Type.Optional(
      serverUrlSchema(
        "The Web API's base URL, for bot tokens; Slack's own unless you test against a stand-in.",
        {
          default: 'https://slack.com/api',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SlackTargetConfig = Static<typeof SlackTargetConfigSchema>;

function webhookUrlProblem(url: string): string | undefined {
  const parsed = parsedUrl(url);
  if (!parsed) return undefined;
  if (!webhookPath.test(parsed.pathname) || parsed.search !== '') {
    return 'must be an incoming webhook URL ending in /services/T…/B…/… (Incoming Webhooks in your Slack app)';
  }
  return undefined;
}

export function slackConfigProblem(config: SlackTargetConfig): string | undefined {
  const modes = [config.webhookUrl, config.botToken].filter((value) => value !== undefined).length;
  if (modes === 1) return undefined;
  return modes === 0
    ? 'give either webhookUrl (an incoming webhook) or botToken (a bot, xoxb-…)'
    : 'give webhookUrl or botToken, not both (to switch, send the one you drop as null)';
}

export const SlackAddressSchema = Type.Object(
  {
    channel: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        description:
          'For a bot token: the channel id (C0123ABCD, from the channel’s details) or #name. An incoming webhook posts to its own channel and takes none.',
      }),
    ),
    threadTs: Type.Optional(
      Type.String({
        pattern: '^\\d+\\.\\d+$',
        description: 'For a bot token: post as replies in this thread (the parent message’s ts).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SlackAddress = Static<typeof SlackAddressSchema>;
