import { type ChannelUrlForm, formatTargetUrl, listOption } from '../target-url.ts';
import type { SlackAddress, SlackTargetConfig } from './config-schema.ts';

const hooksBase = 'https://hooks.slack.com/services';

/**
 * Apprise's Slack forms (wiki Notify_slack): an incoming webhook as `slack://[{botname}@]{tokenA}/{tokenB}/
 * {tokenC}` (its URL's three parts), or a bot as `slack://[{botname}@]{xoxb-token}/{#channel}[/...]`, each
 * channel (also `?to=`) one receiver. The bot name is Apprise's display name: Slack apps show their own,
 * so it is not kept.
 */
export const slackUrl: ChannelUrlForm<SlackTargetConfig, SlackAddress> = {
  schemes: ['slack'],
  options: ['to'],

  fromUrl(url) {
    const targets = [...listOption(url, 'to')];
    if (/^xox[a-z]-/.test(url.host)) {
      const channels = [...url.path, ...targets].map(channelOf);
      if (channels.length === 0) return 'names no channel for the bot (slack://xoxb-.../#channel)';
      return { config: { botToken: url.host }, addresses: channels.map((channel) => ({ channel })) };
    }
    const [tokenB, tokenC, ...channels] = url.path;
    if (!/^[A-Z0-9]+$/.test(url.host) || !/^[A-Z0-9]+$/.test(tokenB ?? '') || !tokenC) {
      return 'needs the three parts of an incoming webhook URL (slack://T.../B.../XXXX) or a bot token (slack://xoxb-.../#channel)';
    }
    if (channels.length > 0 || targets.length > 0) {
      return 'names a channel, but an incoming webhook posts to its own: drop the channel, or use a bot token (xoxb-...)';
    }
    return {
      config: { webhookUrl: `${hooksBase}/${url.host}/${tokenB}/${encodeURIComponent(tokenC)}` },
      addresses: [{}],
    };
  },

  toUrl(config, addresses, { secret }) {
    if (config.botToken !== undefined) {
      return formatTargetUrl({
        scheme: 'slack',
        host: secret(config.botToken),
        path: addresses.flatMap((address) => (address.channel === undefined ? [] : [address.channel])),
      });
    }
    const [a, b, c] = new URL(config.webhookUrl!).pathname
      .split('/')
      .filter((s) => s !== '')
      .slice(-3);
    return formatTargetUrl({ scheme: 'slack', host: a!, path: [b!, secret(decodeURIComponent(c!))] });
  },
};

/** `#name` and channel ids (C0123ABCD) as given; a bare name is a channel name. */
function channelOf(text: string): string {
  if (text.startsWith('#') || text.startsWith('@') || /^[CGDU][A-Z0-9]{8,}$/.test(text)) return text;
  return `#${text}`;
}
