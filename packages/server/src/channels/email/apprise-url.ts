import { type ChannelUrlForm, formatTargetUrl, listOption } from '../target-url.ts';
import type { EmailAddress, EmailTargetConfig } from './config-schema.ts';

/**
 * Apprise's e-mail forms (wiki Notify_email): `mailto[s]://[{user}[:{password}]@]{domain}[:{port}]
 * [/{to}...]` with `?smtp=` (the server, when it is not the domain), `?from=`, `?name=` (the sender's name),
 * `?to=`, `?cc=`, `?user=`/`?pass=` and `?mode=ssl|starttls`. Without `?from=` the sender is the user, or
 * user@domain; without recipients it writes to the sender. mailtos:// is TLS (implicit on port 465, else
 * STARTTLS); mailto:// takes TLS only if the server offers it. Apprise's built-in provider table (gmail.com →
 * smtp.gmail.com) is not copied: give `?smtp=` for those.
 */
export const emailUrl: ChannelUrlForm<EmailTargetConfig, EmailAddress> = {
  schemes: ['mailto', 'mailtos'],
  options: ['smtp', 'from', 'name', 'to', 'cc', 'user', 'pass', 'mode'],

  fromUrl(url) {
    const host = url.query.get('smtp') ?? url.host;
    if (host === '') return 'needs the mail server or domain (mailtos://user:password@example.com)';
    const config: Record<string, unknown> = { host };
    if (url.port !== undefined) {
      if (!/^[0-9]{1,5}$/.test(url.port)) return 'has a port that is not a number';
      config.port = Number(url.port);
    }
    const security = securityOf(url.scheme, url.query.get('mode'), config.port);
    if (security === undefined) return 'option "mode" must be ssl, starttls or insecure';
    config.security = security;
    const user = url.query.get('user') ?? url.user;
    const password = url.query.get('pass') ?? url.password;
    if (user !== undefined) config.username = user;
    if (password !== undefined && password !== '') config.password = password;
    const sender = url.query.get('from') ?? (user?.includes('@') ? user : user && `${user}@${url.host}`);
    if (sender === undefined) return 'names no sender: add ?from=alerts@example.com or a user@';
    const name = url.query.get('name');
    config.from = name === undefined || sender.includes('<') ? sender : `${name} <${sender}>`;
    const to = [...url.path, ...listOption(url, 'to')];
    const address: EmailAddress = { to: to.length > 0 ? to : [bareAddress(sender)] };
    const cc = listOption(url, 'cc');
    if (cc.length > 0) address.cc = cc;
    return { config, addresses: [address] };
  },

  toUrl(config, addresses, { secret }) {
    const to = addresses.flatMap((address) => address.to);
    const cc = addresses.flatMap((address) => address.cc ?? []);
    const security = config.security ?? 'starttls';
    return formatTargetUrl({
      scheme: security === 'none' ? 'mailto' : 'mailtos',
      user: config.username,
      password: config.password === undefined ? undefined : secret(config.password),
      host: config.host,
      port: config.port,
      path: to,
      query: [
        ['mode', security === 'none' ? undefined : security === 'tls' ? 'ssl' : 'starttls'],
        ['from', config.from],
        ['cc', cc.length > 0 ? cc.join(',') : undefined],
      ],
    });
  },
};

function securityOf(scheme: string, mode: string | undefined, port: unknown): EmailTargetConfig['security'] {
  switch (mode?.toLowerCase()) {
    case undefined:
      if (scheme === 'mailto') return 'none';
      return port === 465 ? 'tls' : 'starttls';
    case 'ssl':
    case 'tls':
      return 'tls';
    case 'starttls':
      return 'starttls';
    case 'insecure':
    case 'none':
      return 'none';
    default:
      return undefined;
  }
}

/** `a@b` of `Name <a@b>`. */
function bareAddress(sender: string): string {
  return /<([^>]+)>/.exec(sender)?.[1] ?? sender;
}
