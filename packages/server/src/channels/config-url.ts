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
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false; // `format: 'uri'` reports it
  }
}

/** `base` (which may end in a slash, or have a path of its own) joined with `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
