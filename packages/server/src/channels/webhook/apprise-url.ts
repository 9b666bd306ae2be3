import { type ChannelUrlForm, formatTargetUrl } from '../target-url.ts';
import type { WebhookTargetConfig } from './config-schema.ts';

/**
 * Apprise's JSON form (wiki Notify_Custom_JSON): `json[s]://[{user}[:{password}]@]{host}[:{port}][/{path}]`,
 * user and password as a basic Authorization header, `?+{Header}={value}` as extra headers. The body is this
 * bridge's webhook document, signed when a secret is set, not Apprise's; only POST is sent.
 */
export const webhookUrl: ChannelUrlForm<WebhookTargetConfig, Record<string, never>> = {
  schemes: ['json', 'jsons'],
  options: ['method', '+'],

  fromUrl(url) {
    if (url.host === '') return 'needs a host (jsons://HOST[:PORT]/PATH)';
    if (url.port !== undefined && !/^[0-9]{1,5}$/.test(url.port)) return 'has a port that is not a number';
    const method = url.query.get('method');
    if (method !== undefined && method.toUpperCase() !== 'POST') {
      return 'asks for another method than POST; webhook targets always POST';
    }
    const headers: Record<string, string> = {};
    if (url.user !== undefined || url.password !== undefined) {
      const pair = `${url.user ?? ''}:${url.password ?? ''}`;
      headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    }
    for (const [key, value] of url.query) {
      if (key.startsWith('+')) headers[key.slice(1)] = value;
    }
    const path = url.path.map(encodeURIComponent).join('/');
    const config: Record<string, unknown> = {
      url: `${url.scheme === 'jsons' ? 'https' : 'http'}://${url.host}${url.port === undefined ? '' : `:${url.port}`}/${path}`,
    };
    if (Object.keys(headers).length > 0) config.headers = headers;
    return { config, addresses: [{}] };
  },

  toUrl(config, _addresses, { secret }) {
    const target = new URL(config.url);
    const headers = { ...(config.headers ?? {}) };
    const credentials = basicCredentials(headers.authorization);
    if (credentials) delete headers.authorization;
    return formatTargetUrl({
      scheme: target.protocol === 'https:' ? 'jsons' : 'json',
      user: credentials?.user,
      password: credentials === undefined ? undefined : secret(credentials.password),
      host: target.hostname,
      port: target.port || undefined,
      path: target.pathname
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent),
      query: Object.entries(headers).map(([name, value]) => [`+${name}`, secret(value)] as const),
    });
  },
};

/** The user and password of a basic Authorization header, when it is one whose user has no colon. */
function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const pair = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? undefined : { user: pair.slice(0, colon), password: pair.slice(colon + 1) };
}
