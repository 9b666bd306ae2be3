import { Type } from 'typebox';

/**
 * The URL of a far side's server or webhook, as a config field: http(s) only, and never with
 * `user:password@` (credentials in a URL end up in proxies' logs; every channel has a field for them).
 */
export function serverUrlSchema(description: string, extra: { default?: string } = {}) {
  return Type.Refine(
    Type.String({ format: 'uri', pattern: '^https?://', description, ...extra }),
    (url) => !hasUserInfo(url),
    () => 'must not carry user:password@; the channel has its own fields for credentials',
  );
}

function hasUserInfo(url: string): boolean {
  const parsed = parsedUrl(url);
  return parsed !== undefined && (parsed.username !== '' || parsed.password !== '');
}

/** The URL, or undefined when it does not parse: a refinement leaves that to `format: 'uri'`, which reports it. */
export function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `base` (which may end in a slash, or have a path of its own) joined with `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
