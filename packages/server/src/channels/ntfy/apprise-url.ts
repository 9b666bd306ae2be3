import { type ChannelUrlForm, formatTargetUrl, listOption } from '../target-url.ts';
import { defaultNtfyServer, type NtfyAddress, type NtfyTargetConfig } from './config-schema.ts';

/**
 * Apprise's ntfy forms (wiki Notify_ntfy): `ntfy://{topic}` (ntfy.sh), `ntfy[s]://[{user}:{password}@]
 * {host}[:{port}]/{topic}[/{topic}...]`, an access token as `{token}@{host}` or `?token=`. ntfy:// is
 * http, ntfys:// https; each topic becomes one receiver.
 */
export const ntfyUrl: ChannelUrlForm<NtfyTargetConfig, NtfyAddress> = {
  schemes: ['ntfy', 'ntfys'],
  options: ['to', 'token', 'auth'],

  fromUrl(url) {
    const cloud = url.path.length === 0;
    const topics = cloud ? [url.host, ...listOption(url, 'to')] : [...url.path, ...listOption(url, 'to')];
    if (topics.length === 0 || topics[0] === '') return 'names no topic (ntfy://TOPIC or ntfys://HOST/TOPIC)';
    if (topics.some((topic) => !/^[-_A-Za-z0-9]{1,64}$/.test(topic))) {
      return 'has a topic that is not 1 to 64 letters, digits, - or _';
    }
    const config: Record<string, unknown> = {};
    if (!cloud) {
      const server = `${url.scheme === 'ntfys' ? 'https' : 'http'}://${url.host}${url.port ? `:${url.port}` : ''}`;
      if (server !== defaultNtfyServer) config.server = server;
    }
    // A user without a password is an access token when it looks like one (ntfy's are tk_...).
    const token =
      url.query.get('token') ??
      (url.password === undefined && url.user?.startsWith('tk_') ? url.user : undefined);
    if (token !== undefined) config.token = token;
    else if (url.user !== undefined) {
      if (url.password === undefined) {
        return 'has a user without a password: give user:password@, or an access token (tk_...@ or ?token=)';
      }
      config.username = url.user;
      config.password = url.password;
    }
    return { config, addresses: topics.map((topic) => ({ topic })) };
  },

  toUrl(config, addresses, { secret }) {
    const server = new URL(config.server ?? defaultNtfyServer);
    const tokenInUser = config.token?.startsWith('tk_') === true;
    return formatTargetUrl({
      scheme: server.protocol === 'https:' ? 'ntfys' : 'ntfy',
      user: tokenInUser ? secret(config.token!) : config.username,
      password: config.password === undefined ? undefined : secret(config.password),
      host: server.hostname,
      port: server.port || undefined,
      path: addresses.map((address) => address.topic),
      query: [['token', config.token !== undefined && !tokenInUser ? secret(config.token) : undefined]],
    });
  },
};
