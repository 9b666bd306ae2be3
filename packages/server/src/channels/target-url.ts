/**
 * Targets as URLs, in the forms Apprise publishes (https://github.com/caronc/apprise/wiki): one string that
 * holds a target's config and its receivers, for people who already have such URLs and for one-off sends.
 *
 * The parse here is deliberately not WHATWG's `new URL`: Apprise URLs put things where a URL parser refuses
 * them (a Telegram token's colon where a port goes, a Slack `#channel` where a fragment starts), so the
 * split is Apprise's own: `scheme://[user[:password]@]host[:port][/segment...][?key=value&...]`, with `#`
 * an ordinary character and every part percent-decoded.
 */

/** A URL split into its parts, each percent-decoded. */
export interface TargetUrl {
  /** Lower case, without `://`. */
  scheme: string;
  user?: string;
  password?: string;
  /** As written (a bracketed IPv6 address keeps its brackets); may be empty. */
  host: string;
  /** Whatever follows the host's last colon, unchecked: a channel decides what it means. */
  port?: string;
  /** The non-empty path segments. */
  path: string[];
  /** Query keys in lower case; a repeated key keeps its last value. */
  query: Map<string, string>;
}

/** A target and its receivers, as a channel reads them from a URL; checked by the kind's schemas after. */
export interface TargetFromUrl {
  config: Record<string, unknown>;
  addresses: unknown[];
}

export interface UrlWriteOptions {
  /** The value itself when secrets are exported, else the placeholder. */
  secret(value: string): string;
}

/**
 * What a channel kind declares to be made from, and written back as, a URL. `fromUrl` answers a message
 * saying what to fix, never quoting the URL (it holds secrets). `toUrl(fromUrl(u))` reads back the same.
 */
export interface ChannelUrlForm<Config = unknown, Address = unknown> {
  /** The schemes this kind reads, lower case (`tgram`, `ntfys`). */
  schemes: readonly string[];
  /**
   * The query keys this kind reads (lower case); any other key is refused, unless Apprise-only. `+` stands
   * for every key that starts with it (Apprise's `?+Header=value`).
   */
  options: readonly string[];
  fromUrl(url: TargetUrl): TargetFromUrl | string;
  toUrl(config: Config, addresses: readonly Address[], options: UrlWriteOptions): string;
}

/** What an exported URL holds where a secret goes, unless secrets were asked for. */
export const secretPlaceholder = '***';

/**
 * Apprise options about how Apprise itself formats and sends (its templating, its retries): they have no
 * meaning here, where the rule's template and the dispatcher decide, so a URL carrying them still imports.
 */
const appriseOnlyOptions: ReadonlySet<string> = new Set([
  'format',
  'overflow',
  'emojis',
  'cto',
  'rto',
  'verify',
  'tz',
  'store',
  'image',
]);

const schemeAndRest = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;

/** The URL's parts, or a message saying what is wrong with it (without quoting it). */
export function parseTargetUrl(raw: string): TargetUrl | string {
  const trimmed = raw.trim();
  const match = schemeAndRest.exec(trimmed);
  if (!match) return 'is not a URL of the form scheme://...; GET /api/v1/kinds/channels lists the schemes';
  const scheme = match[1]!.toLowerCase();
  let rest = match[2]!;
  let queryText = '';
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) {
    queryText = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
  }
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const pathText = slash >= 0 ? rest.slice(slash + 1) : '';
  // The last @: a password may hold an unescaped @, a host never does.
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  try {
    const url: TargetUrl = { scheme, host: '', path: [], query: new Map() };
    if (userinfo !== undefined) {
      const colon = userinfo.indexOf(':');
      const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
      if (user !== '') url.user = user;
      if (colon >= 0) url.password = decode(userinfo.slice(colon + 1));
    }
    const bracketEnd = hostport.startsWith('[') ? hostport.indexOf(']') + 1 : 0;
    const colon = hostport.indexOf(':', bracketEnd);
    url.host = decode(colon >= 0 ? hostport.slice(0, colon) : hostport);
    if (colon >= 0) url.port = decode(hostport.slice(colon + 1));
    url.path = pathText
      .split('/')
      .filter((segment) => segment !== '')
      .map(decode);
    for (const pair of queryText.split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const key = decode(equals >= 0 ? pair.slice(0, equals) : pair).toLowerCase();
      url.query.set(key, equals >= 0 ? decode(pair.slice(equals + 1)) : '');
    }
    return url;
  } catch {
    return 'has a broken percent-escape (a % not followed by two hex digits)';
  }
}

function decode(text: string): string {
  return decodeURIComponent(text);
}

/** A problem with the URL's query for this kind: an option it does not read, or a placeholder secret. */
export function urlProblem(url: TargetUrl, form: ChannelUrlForm): string | undefined {
  for (const key of url.query.keys()) {
    if (form.options.includes(key) || appriseOnlyOptions.has(key)) continue;
    if (key.startsWith('+') && form.options.includes('+')) continue;
    const known = form.options.length > 0 ? form.options.join(', ') : 'none';
    return `has the option "${key}", which ${url.scheme}:// does not take (it takes: ${known})`;
  }
  const parts = [url.user, url.password, url.host, url.port, ...url.path, ...url.query.values()];
  if (parts.some((part) => part?.includes(secretPlaceholder))) {
    return `holds the placeholder ${secretPlaceholder} where a secret goes: put the real value there (an export hides secrets unless asked for them with ?secrets=true)`;
  }
  return undefined;
}

/** The parts written back as a URL, each percent-encoded where it must be. */
export function formatTargetUrl(parts: {
  scheme: string;
  user?: string | undefined;
  password?: string | undefined;
  host: string;
  port?: string | number | undefined;
  path?: readonly string[];
  query?: readonly (readonly [string, string | undefined])[];
}): string {
  let text = `${parts.scheme}://`;
  if (parts.user !== undefined || parts.password !== undefined) {
    text += encodePart(parts.user ?? '');
    if (parts.password !== undefined) text += `:${encodePart(parts.password)}`;
    text += '@';
  }
  text += parts.host.startsWith('[') ? parts.host : encodePart(parts.host);
  if (parts.port !== undefined) text += `:${encodePart(String(parts.port))}`;
  const path = parts.path ?? [];
  if (path.length > 0) text += `/${path.map(encodePart).join('/')}`;
  const query = (parts.query ?? []).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (query.length > 0) {
    text += `?${query.map(([key, value]) => `${encodePart(key)}=${encodePart(value)}`).join('&')}`;
  }
  return text;
}

/**
 * Percent-encoding that keeps what Apprise URLs show as written: `#` (a Slack channel, a Matrix alias),
 * `@` in an e-mail address, `+` of a header option, `,` between list items, and the placeholder's `*`.
 */
function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%(23|40|2B|2C)/g, (escaped) => decodeURIComponent(escaped));
}

/** A yes/no option as Apprise writes it (yes, true, 1, on / no, false, 0, off); undefined when absent. */
export function booleanOption(url: TargetUrl, key: string): boolean | string | undefined {
  const value = url.query.get(key);
  if (value === undefined) return undefined;
  if (/^(yes|true|1|on|y)$/i.test(value)) return true;
  if (/^(no|false|0|off|n)$/i.test(value)) return false;
  return `option "${key}" must be yes or no`;
}

/** A comma- or space-separated list option (`?to=a,b`), empty when absent. */
export function listOption(url: TargetUrl, key: string): string[] {
  return (url.query.get(key) ?? '').split(/[\s,]+/).filter((item) => item !== '');
}
