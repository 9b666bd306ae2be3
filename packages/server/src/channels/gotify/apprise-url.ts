import { type ChannelUrlForm, formatTargetUrl } from '../target-url.ts';
import type { GotifyAddress, GotifyTargetConfig } from './config-schema.ts';

/**
 * Apprise's Gotify forms (wiki Notify_gotify): `gotify[s]://{host}[:{port}][/{path}...]/{token}`: the last
 * segment is the application token, anything before it the server's path prefix. One receiver (the token
 * names the destination). Priority comes from the event's severity, so `?priority=` is not read.
 */
export const gotifyUrl: ChannelUrlForm<GotifyTargetConfig, GotifyAddress> = {
  schemes: ['gotify', 'gotifys'],
  options: ['priority'],

  fromUrl(url) {
    const token = url.path.at(-1);
    if (url.host === '' || token === undefined) {
      return 'needs a host and the application token (gotifys://HOST/TOKEN)';
    }
    const prefix = url.path.slice(0, -1).map(encodeURIComponent).join('/');
    const server = `${url.scheme === 'gotifys' ? 'https' : 'http'}://${url.host}${url.port ? `:${url.port}` : ''}${prefix ? `/${prefix}` : ''}`;
    return { config: { server, token }, addresses: [{}] };
  },

  toUrl(config, _addresses, { secret }) {
    const server = new URL(config.server);
    return formatTargetUrl({
      scheme: server.protocol === 'https:' ? 'gotifys' : 'gotify',
      host: server.hostname,
      port: server.port || undefined,
      path: [
        ...server.pathname
          .split('/')
          .filter((s) => s !== '')
          .map(decodeURIComponent),
        secret(config.token),
      ],
    });
  },
};
