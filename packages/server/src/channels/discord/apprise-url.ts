import { type ChannelUrlForm, formatTargetUrl } from '../target-url.ts';
import type { DiscordAddress, DiscordTargetConfig } from './config-schema.ts';

const webhooksBase = 'https://discord.com/api/webhooks';

/**
 * Apprise's Discord form (wiki Notify_discord): `discord://[{botname}@]{webhook_id}/{webhook_token}`, the
 * two parts of the channel's webhook URL; the bot name becomes the webhook's `username`, `?avatar_url=` its
 * avatar, `?thread=` the thread the receiver posts into.
 */
export const discordUrl: ChannelUrlForm<DiscordTargetConfig, DiscordAddress> = {
  schemes: ['discord'],
  options: ['avatar_url', 'thread'],

  fromUrl(url) {
    const [token, ...more] = url.path;
    if (!/^\d{1,20}$/.test(url.host) || token === undefined || more.length > 0) {
      return 'needs the webhook id and token (discord://WEBHOOK_ID/WEBHOOK_TOKEN, from Copy Webhook URL)';
    }
    const config: Record<string, unknown> = {
      url: `${webhooksBase}/${url.host}/${encodeURIComponent(token)}`,
    };
    if (url.user !== undefined) config.username = url.user;
    const avatar = url.query.get('avatar_url');
    if (avatar !== undefined) config.avatarUrl = avatar;
    const thread = url.query.get('thread');
    return { config, addresses: [thread === undefined ? {} : { threadId: thread }] };
  },

  toUrl(config, addresses, { secret }) {
    const [id, token] = new URL(config.url).pathname
      .split('/')
      .filter((s) => s !== '')
      .slice(-2);
    return formatTargetUrl({
      scheme: 'discord',
      user: config.username,
      host: id!,
      path: [secret(decodeURIComponent(token!))],
      query: [
        ['avatar_url', config.avatarUrl],
        ['thread', addresses[0]?.threadId],
      ],
    });
  },
};
