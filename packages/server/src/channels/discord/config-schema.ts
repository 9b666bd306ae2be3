import { type Static, Type } from 'typebox';
import { parsedUrl, serverUrlSchema } from '../config-url.ts';

// https://discord.com/developers/docs/resources/webhook#execute-webhook: .../webhooks/{webhook.id}/{webhook.token}
const webhookPath = /\/webhooks\/\d{1,20}\/[A-Za-z0-9_-]+\/?$/;

export const DiscordTargetConfigSchema = Type.Object(
  {
    url: Type.Refine(
      serverUrlSchema(
        "The channel's webhook URL (Server Settings → Integrations → Webhooks → Copy Webhook URL). It holds the webhook's token: sealed at rest.",
      ),
      (url) => webhookUrlProblem(url) === undefined,
      // Never the value: it is a secret, and validation errors are shown and logged.
      (url) => webhookUrlProblem(url) ?? 'is not a Discord webhook URL',
    ),
    username: Type.Optional(
      Type.String({ minLength: 1, maxLength: 80, description: "Overrides the webhook's default name." }),
    ),
    avatarUrl: Type.Optional(
      Type.String({ format: 'uri', pattern: '^https://', description: "Overrides the webhook's avatar." }),
    ),
  },
  { additionalProperties: false },
);
export type DiscordTargetConfig = Static<typeof DiscordTargetConfigSchema>;

function webhookUrlProblem(url: string): string | undefined {
  const parsed = parsedUrl(url);
  if (!parsed) return undefined;
  if (!webhookPath.test(parsed.pathname)) {
    return 'must be a webhook URL ending in /webhooks/<id>/<token> (Copy Webhook URL in the channel settings)';
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    return 'must not carry a query or fragment: thread_id goes in the receiver address (threadId)';
  }
  return undefined;
}

export const DiscordAddressSchema = Type.Object(
  {
    threadId: Type.Optional(
      Type.String({
        pattern: '^\\d{1,20}$',
        description: "A thread (or forum post) of the webhook's channel to post into: its id.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type DiscordAddress = Static<typeof DiscordAddressSchema>;
